"""planloop as an MCP server (``planloop mcp``), built on the official ``mcp`` SDK.

- :mod:`planloop.mcp.memory_tools` — the reference memory server's nine tools, implemented by
  :class:`planloop.memory.graph.MemoryGraph` over the vault (the notes stay the only truth);
- :mod:`planloop.mcp.plan_tools` — propose, start, watch and decide runs of the engine;
- :mod:`planloop.mcp.server` — the server, the owner of its runs, stdio and streamable HTTP.

The engine runs in this process, opened as every planloop process opens it
(:func:`planloop.runtime.running`).
"""
