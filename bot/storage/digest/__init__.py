"""What the weekly digest reads (`repository`); its rows live in `bot.storage.delivery`."""
