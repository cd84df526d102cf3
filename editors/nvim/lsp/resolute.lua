-- Configuration for Neovim 0.11+'s vim.lsp.config / vim.lsp.enable. With editors/nvim on the
-- runtimepath, `vim.lsp.enable("resolute")` is enough; override fields with
-- vim.lsp.config("resolute", { ... }). See :help resolute-nvim-0.11.
return {
  cmd = { "resolute", "lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { "resolute.toml", ".git" },
  settings = {
    resolute = {
      rules = vim.empty_dict(),
      debounceMs = 150,
      corpus = { paths = {}, bundled = true },
      inlayHints = { ibid = true },
      footnotes = { style = "auto" },
    },
  },
}
