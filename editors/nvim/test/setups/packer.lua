-- The README's packer.nvim setup:
--   use({ "~/src/resolute/editors/nvim", config = function() require("resolute").setup({ cmd = … }) end })
-- packer.nvim cannot be installed here (no git hosting); this file stands for what it generates.
-- For a local folder packer links it into site/pack/packer/start/ (run.sh makes that link) and runs
-- `config` from plugin/packer_compiled.lua, after the start packages are on the runtimepath: run.sh
-- installs this file as that plugin/packer_compiled.lua.
require("resolute").setup({ cmd = { vim.env.RESOLUTE_BIN, "lsp" } })
