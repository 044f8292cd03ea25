"""Resume limits shared by the API and the generated front-end schema."""

RESUME_MAX_BYTES = 5 * 1024 * 1024  # 5 MiB
PRESIGN_EXPIRES_S = 300
