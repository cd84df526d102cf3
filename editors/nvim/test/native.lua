-- Neovim 0.11+ only: the configuration of docs/editors.md without the plugin's setup():
-- lsp/resolute.lua (from editors/nvim on the runtimepath) + vim.lsp.config + vim.lsp.enable.
local BIN = assert(os.getenv("RESOLUTE_BIN"))
local FIXTURE = assert(os.getenv("RESOLUTE_FIXTURE"))
local WORKDIR = assert(os.getenv("RESOLUTE_WORKDIR"))
local v = vim.version()
local tag = ("nvim %d.%d.%d vim.lsp.enable"):format(v.major, v.minor, v.patch)
local passed, failed = 0, 0
local function out(s)
  io.stdout:write(s .. "\n")
  io.stdout:flush()
end
_G.print = function(...)
  out("  print: " .. table.concat(vim.tbl_map(tostring, { ... }), " "))
end
local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    passed = passed + 1
    out(("PASS [%s] %s"):format(tag, name))
  else
    failed = failed + 1
    out(("FAIL [%s] %s: %s"):format(tag, name, tostring(err)))
  end
end

local ws = WORKDIR .. "/native"
vim.fn.mkdir(ws, "p")
vim.fn.writefile({}, ws .. "/resolute.toml")
vim.fn.writefile(vim.fn.readfile(FIXTURE, "b"), ws .. "/draft.md", "b")

vim.cmd("filetype on")
vim.o.swapfile = false
vim.lsp.config("resolute", {
  cmd = { BIN, "lsp" },
  settings = { resolute = { rules = { ["operative-numbering"] = "hint" }, footnotes = { style = "auto" } } },
})
vim.lsp.enable("resolute")
vim.cmd("edit " .. vim.fn.fnameescape(ws .. "/draft.md"))
local buf = vim.api.nvim_get_current_buf()

check("lsp/resolute.lua supplies the defaults (filetypes, root markers)", function()
  local cfg = vim.lsp.config.resolute
  assert(vim.deep_equal(cfg.filetypes, { "markdown", "text" }), vim.inspect(cfg.filetypes))
  assert(vim.deep_equal(cfg.root_markers, { "resolute.toml", ".git" }), vim.inspect(cfg.root_markers))
  assert(cfg.settings.resolute.debounceMs == 150, vim.inspect(cfg.settings))
end)

check("vim.lsp.enable starts the server with the right root", function()
  assert(vim.wait(10000, function()
    return #vim.lsp.get_clients({ bufnr = buf, name = "resolute" }) > 0
  end, 50), "no client")
  local c = vim.lsp.get_clients({ bufnr = buf, name = "resolute" })[1]
  assert(c.root_dir == ws, "root_dir " .. tostring(c.root_dir))
end)

check("diagnostics with codes, severities from settings", function()
  local function get(code)
    return vim.tbl_filter(function(d)
      return d.code == code
    end, vim.diagnostic.get(buf))
  end
  assert(vim.wait(30000, function()
    return #get("preambular-opening") > 0 and #get("operative-numbering") > 0 and #get("footnote-undefined") > 0
  end, 100), "codes: " .. vim.inspect(vim.tbl_map(function(d)
    return d.code
  end, vim.diagnostic.get(buf))))
  local sev = get("operative-numbering")[1].severity
  assert(sev == vim.diagnostic.severity.HINT, "operative-numbering severity " .. tostring(sev) .. ", settings say hint")
end)

check("hover on footnote marker 1", function()
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local lnum
  for i, l in ipairs(lines) do
    if l:find("^%*Recalls%*") then
      lnum = i
    end
  end
  local col = lines[lnum]:find("<sup>1</sup>", 1, true) + 4
  vim.api.nvim_win_set_cursor(0, { lnum, col })
  local c = vim.lsp.get_clients({ bufnr = buf, name = "resolute" })[1]
  local res = vim.lsp.buf_request_sync(buf, "textDocument/hover", vim.lsp.util.make_position_params(0, c.offset_encoding), 10000)
  local text = vim.inspect(res)
  assert(text:find("Treaty Series", 1, true), text)
end)

out(("%d passed, %d failed"):format(passed, failed))
for _, c in ipairs(vim.lsp.get_clients()) do
  c:stop(true)
end
vim.cmd(failed > 0 and "cquit 1" or "qall!")
