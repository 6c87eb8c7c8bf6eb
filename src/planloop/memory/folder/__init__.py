"""The memory as a folder of Markdown notes (MemAgent/Obsidian layout), indexed in SQLite
FTS5 and followed by a watcher while a server runs."""
