-- The README's lazy.nvim setup, loaded on the first Markdown or text buffer:
--   { dir = "~/src/resolute/editors/nvim", ft = { "markdown", "text" },
--     config = function() require("resolute").setup({ cmd = … }) end }
-- lazy.nvim cannot be installed here (no git hosting); this init.lua does what it does with that
-- spec: on the first FileType event of those types, put `dir` on the runtimepath and run `config`.
-- So setup() runs after the draft's buffer is loaded and its FileType event has passed.
local spec = {
  dir = vim.env.RESOLUTE_PLUGIN,
  ft = { "markdown", "text" },
  config = function()
    require("resolute").setup({ cmd = { vim.env.RESOLUTE_BIN, "lsp" } })
  end,
}
vim.api.nvim_create_autocmd("FileType", {
  pattern = spec.ft,
  once = true,
  callback = function()
    vim.opt.runtimepath:append(spec.dir)
    spec.config()
  end,
})
