# Notifications: the digest mail rendered in Chromium to look at (light and dark at 375 px,
# 1280 px), from a sample digest (scripts/mail_preview.py, scripts/mail_shots.mjs).

.PHONY: mail-shots

mail-shots: venv frontend-deps ## the digest mail and unsubscribe page as PNGs in artifacts/mail/
	$(BIN)/python scripts/mail_preview.py
	node scripts/mail_shots.mjs
