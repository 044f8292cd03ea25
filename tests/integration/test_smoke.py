from tests.conftest import add_event, make_job


def test_create_and_advance(client, alice):
    job = make_job(client, alice)
    assert job["stage"] == "saved"
    job = add_event(client, alice, job["id"], "applied", note={"type": "referral"})
    assert job["stage"] == "applied"
