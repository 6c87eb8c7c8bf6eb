"""One typed Settings object, read once from the environment and an optional .env file."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PLANLOOP_", env_file=".env", extra="ignore", populate_by_name=True
    )

    host: str = "127.0.0.1"
    port: int = Field(9000, ge=1, le=65535)
    database_url: str = "sqlite:///./planloop.db"
    planner: Literal["offline", "openai"] = "offline"
    model: str | None = None
    openai_base_url: str | None = Field(
        None, validation_alias=AliasChoices("OPENAI_BASE_URL", "PLANLOOP_OPENAI_BASE_URL")
    )
    openai_api_key: str | None = Field(
        None, validation_alias=AliasChoices("OPENAI_API_KEY", "PLANLOOP_OPENAI_API_KEY")
    )
    memory_dir: str = "./memory"

    checkpoint_timeout_s: float = Field(3600.0, gt=0, le=30 * 24 * 3600)
    heartbeat_s: float = Field(15.0, gt=0)
    send_timeout_s: float = Field(30.0, gt=0)
    max_active_runs_per_session: int = Field(5, ge=1)
    # Seconds the offline planner spends on each step, so people can watch a run unfold.
    offline_step_delay_s: float = Field(0.25, ge=0, le=10)
    # How often the scheduler looks for due checkpoint deadlines and orphaned runs.
    sweep_interval_s: float = Field(1.0, gt=0, le=60)
    lease_s: float = Field(15.0, gt=0)
    secure_cookies: bool = False
