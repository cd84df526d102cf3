-- Sets up the screen that screenshot.sh captures: the plugin on a draft, diagnostics shown, and
-- the hover of footnote marker 1 open. Writes $RESOLUTE_SHOT_READY when the screen is ready.
local BIN = assert(os.getenv("RESOLUTE_BIN"))
local READY = assert(os.getenv("RESOLUTE_SHOT_READY"))
vim.cmd("filetype plugin on")
vim.cmd("syntax on")
vim.o.background = "dark"
vim.o.termguicolors = true
vim.o.signcolumn = "yes"
vim.o.number = true
vim.o.wrap = true
vim.o.linebreak = true
vim.o.laststatus = 2
vim.o.swapfile = false
vim.diagnostic.config({ virtual_text = true, signs = true, underline = true })
if vim.fn.has("nvim-0.11") == 1 then
  vim.o.winborder = "rounded"
end
vim.api.nvim_set_hl(0, "NormalFloat", { bg = "#2c313c", fg = "#e0e2ea" })
vim.api.nvim_set_hl(0, "FloatBorder", { bg = "#2c313c", fg = "#8a93a6" })
require("resolute").setup({
  cmd = { BIN, "lsp" },
  on_attach = function(_, bufnr)
    if vim.lsp.inlay_hint and vim.fn.has("nvim-0.10") == 1 then
      pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr }) -- what each "Ibid." stands for
    end
  end,
})
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("RESOLUTE_SHOT_FILE")))
local buf = vim.api.nvim_get_current_buf()
local function done(msg)
  local f = io.open(READY, "w")
  f:write(msg or "ok")
  f:close()
end
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local lnum
for i, l in ipairs(lines) do
  if l:find("^%*Recalls%*") then
    lnum = i
  end
end
local timer = vim.loop.new_timer()
local started = vim.loop.now()
timer:start(200, 200, vim.schedule_wrap(function()
  local n = #vim.diagnostic.get(buf)
  if n == 0 and vim.loop.now() - started < 30000 then
    return
  end
  timer:stop()
  vim.api.nvim_win_set_cursor(0, { lnum, lines[lnum]:find("<sup>1</sup>", 1, true) + 4 })
  vim.cmd("normal! zt")
  vim.cmd("normal! 3\25") -- three lines of context above
  vim.api.nvim_win_set_cursor(0, { lnum, lines[lnum]:find("<sup>1</sup>", 1, true) + 4 })
  vim.lsp.buf.hover()
  vim.defer_fn(function()
    vim.cmd("redraw!")
    done(n == 0 and "no diagnostics" or "ok")
  end, 1500)
end))
