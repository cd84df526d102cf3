-- The README's plain setup, as ~/.config/nvim/init.lua: the folder on the runtimepath, then setup().
vim.opt.runtimepath:append(vim.env.RESOLUTE_PLUGIN) -- ~/src/resolute/editors/nvim
require("resolute").setup({ cmd = { vim.env.RESOLUTE_BIN, "lsp" } })
