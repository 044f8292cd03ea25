"""Resume limits shared by the API and the generated front-end schema."""

RESUME_MAX_BYTES = 5 * 1024 * 1024  # 5 MiB
PRESIGN_EXPIRES_S = 300


RESUME_LIMIT_TEXT = f"{RESUME_MAX_BYTES // 1024 // 1024} MB"


def too_large_message(size: int) -> str:
    """Why a file of `size` bytes is refused, in the units people read ("MB" as file browsers
    mean it, 1,048,576 bytes): "This file is 6.0 MB; the limit is 5 MB." """
    shown = f"{size / 1024 / 1024:.1f}"
    if float(shown) <= RESUME_MAX_BYTES / 1024 / 1024:
        return f"This file is just over {RESUME_LIMIT_TEXT}; the limit is {RESUME_LIMIT_TEXT}."
    return f"This file is {shown} MB; the limit is {RESUME_LIMIT_TEXT}."
