"""Front ends over the engine: the Discord bot, the terminal console and the `oewg` command line."""
