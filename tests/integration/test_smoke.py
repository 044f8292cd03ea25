import pytest
from fastapi.testclient import TestClient

from jobtrack.main import create_app
from jobtrack.platform.settings import Settings
from tests.conftest import add_event, make_job


def test_create_and_advance(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    assert job["stage"] == "saved"
    job = add_event(client, alice, job["id"], "applied", note={"type": "referral"})
    assert job["stage"] == "applied"


def test_dev_auth_mode_refuses_to_start_on_lambda(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "track-prod-api")
    with pytest.raises(RuntimeError, match="AUTH_MODE=dev"):
        create_app(Settings(auth_mode="dev"))
    create_app(Settings(auth_mode="cognito"))  # the production mode starts
