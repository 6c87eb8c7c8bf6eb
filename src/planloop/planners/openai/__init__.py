"""The model planner: any OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server, LM
Studio, OpenAI) through the official ``openai`` SDK."""

from planloop.planners.openai.planner import OpenAIPlanner

__all__ = ["OpenAIPlanner"]
