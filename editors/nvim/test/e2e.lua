-- End-to-end test of the Neovim plugin against a real `resolute lsp`. Run by run.sh as
--   nvim --headless -u NONE --cmd 'set rtp+=editors/nvim' -c 'luafile editors/nvim/test/e2e.lua'
-- with RESOLUTE_BIN, RESOLUTE_FIXTURE and RESOLUTE_WORKDIR in the environment.
-- Expected errors: editors/test-fixtures/README.md.

local BIN = assert(os.getenv("RESOLUTE_BIN"), "RESOLUTE_BIN not set")
local FIXTURE = assert(os.getenv("RESOLUTE_FIXTURE"), "RESOLUTE_FIXTURE not set")
local WORKDIR = assert(os.getenv("RESOLUTE_WORKDIR"), "RESOLUTE_WORKDIR not set")
local TIMEOUT = tonumber(os.getenv("RESOLUTE_TIMEOUT_MS") or "30000")

local passed, failed = 0, 0
local version = vim.version()
local tag = ("nvim %d.%d.%d"):format(version.major, version.minor, version.patch)

local function out(s)
  io.stdout:write(s .. "\n")
  io.stdout:flush()
end

local function check(name, fn)
  local t0 = vim.loop.hrtime()
  local ok, err = xpcall(fn, debug.traceback)
  local secs = (vim.loop.hrtime() - t0) / 1e9
  if ok then
    passed = passed + 1
    out(("PASS [%s] %s (%.1fs)"):format(tag, name, secs))
  else
    failed = failed + 1
    out(("FAIL [%s] %s (%.1fs): %s"):format(tag, name, secs, tostring(err)))
  end
  return ok
end

local function wait_for(what, cond, timeout)
  local ok = vim.wait(timeout or TIMEOUT, cond, 50)
  if not ok then
    error("timed out waiting for " .. what, 2)
  end
end

-- Headless print() writes without a newline (Neovim prints "Workspace edit <label>" on applyEdit).
_G.print = function(...)
  local parts = {}
  for i = 1, select("#", ...) do
    parts[#parts + 1] = tostring((select(i, ...)))
  end
  out("  print: " .. table.concat(parts, " "))
end

-- Messages from vim.notify (errors from the plugin) are kept to show on failure.
local notes = {}
vim.notify = function(msg, level)
  table.insert(notes, { msg = msg, level = level })
  out(("  notify(%s): %s"):format(tostring(level), msg))
end

-- A workspace with resolute.toml, so that the root detection has something to find.
local ws = WORKDIR .. "/ws"
vim.fn.mkdir(ws .. "/drafts", "p")
local function write_file(path, text)
  local f = assert(io.open(path, "w"))
  f:write(text)
  f:close()
end
write_file(ws .. "/resolute.toml", "# Resolute project settings (test)\n")
local src = assert(io.open(FIXTURE, "r"))
local fixture_text = src:read("*a")
src:close()
local draft = ws .. "/drafts/draft.md"
write_file(draft, fixture_text)

local fixture_lines = vim.split(fixture_text, "\n", { plain = true })
local function find_line(prefix)
  for i, l in ipairs(fixture_lines) do
    if l:sub(1, #prefix) == prefix then
      return i
    end
  end
  error("fixture has no line starting with " .. prefix)
end
local RECALLS = find_line("*Recalls* all international conventions")
local URGES = find_line("6. *Urges* Member States to consider signing")
local BODY1 = find_line("<sup>1</sup> United Nations, *Treaty Series*")
local MARKER_BYTE = fixture_lines[RECALLS]:find("<sup>1</sup>", 1, true) + #"<sup>" - 1 -- 0-based byte col of "1"

vim.cmd("filetype on")
vim.o.swapfile = false
vim.o.shortmess = vim.o.shortmess .. "F"

local resolute = require("resolute")

check("plugin logic: root detection, settings shape, option merging", function()
  assert(resolute.find_root(draft) == ws, "root of the draft: " .. tostring(resolute.find_root(draft)))
  local gitdir = WORKDIR .. "/gitonly/sub"
  vim.fn.mkdir(gitdir, "p")
  vim.fn.mkdir(WORKDIR .. "/gitonly/.git", "p")
  assert(resolute.find_root(gitdir .. "/x.md") == WORKDIR .. "/gitonly", "root by .git")
  local bare = WORKDIR .. "/bare"
  vim.fn.mkdir(bare, "p")
  -- (a .git above WORKDIR would be found first; only check when there is none)
  if resolute.find_root(bare .. "/x.md") ~= bare then
    out("  note: a marker above " .. WORKDIR .. " was found; fallback not checked")
  end
  assert(vim.json.encode(resolute.server_settings({})) == "{}", vim.json.encode(resolute.server_settings({})))
  local s = resolute.server_settings({ resolute = { rules = {}, corpus = { paths = {}, bundled = false } } })
  local decoded = vim.json.decode(vim.json.encode(s))
  assert(vim.json.encode(s):find('"rules":{}', 1, true), "rules must encode as an object: " .. vim.json.encode(s))
  assert(vim.json.encode(s):find('"paths":[]', 1, true), "paths must encode as a list: " .. vim.json.encode(s))
  assert(decoded.corpus.bundled == false)
  local home = vim.fn.expand("~")
  assert(resolute.server_settings({ corpus = { paths = { "~/adopted" } } }).corpus.paths[1] == home .. "/adopted")
  resolute.setup({ filetypes = { "markdown" }, cmd = "resolute-x", autostart = false })
  assert(vim.deep_equal(resolute.config.filetypes, { "markdown" }), vim.inspect(resolute.config.filetypes))
  assert(vim.deep_equal(resolute.config.cmd, { "resolute-x", "lsp" }), vim.inspect(resolute.config.cmd))
  assert(vim.deep_equal(resolute.config.root_markers, { "resolute.toml", ".git" }))
  assert(vim.fn.exists(":ResoluteFixAll") == 2 and vim.fn.exists(":ResoluteRenumber") == 2 and vim.fn.exists(":ResoluteRestart") == 2)
end)

resolute.setup({
  cmd = { BIN, "lsp" },
  settings = { footnotes = { style = "auto" }, rules = {} },
})

vim.cmd("edit " .. vim.fn.fnameescape(draft))
local buf = vim.api.nvim_get_current_buf()

local function client()
  return resolute.get_clients(buf)[1]
end

local function line(n)
  return vim.api.nvim_buf_get_lines(buf, n - 1, n, false)[1] or ""
end

local function codes()
  local set = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code then
      set[code] = set[code] or {}
      table.insert(set[code], d.lnum + 1)
    end
  end
  return set
end

local function has_code(code, lnum)
  local lines = codes()[code]
  if not lines then
    return false
  end
  if not lnum then
    return true
  end
  return vim.tbl_contains(lines, lnum)
end

local function summary()
  local parts = {}
  for code, lines in pairs(codes()) do
    table.insert(parts, code .. "@" .. table.concat(lines, ","))
  end
  table.sort(parts)
  return table.concat(parts, " ")
end

local ok_attach = check("the plugin starts the server and attaches it (root by resolute.toml)", function()
  assert(vim.bo[buf].filetype == "markdown", "filetype is " .. vim.bo[buf].filetype)
  wait_for("a resolute client on the buffer", function()
    return client() ~= nil
  end, 10000)
  local c = client()
  assert(c.config.root_dir == ws, ("root_dir is %s, expected %s"):format(tostring(c.config.root_dir), ws))
  wait_for("the server to finish initialize", function()
    return c.initialized or c.server_capabilities ~= nil or c.resolved_capabilities ~= nil
  end, 10000)
end)

if not ok_attach then
  out(("%d passed, %d failed"):format(passed, failed + 1))
  vim.cmd("cquit 1")
end

check("diagnostics carry the expected rule codes", function()
  local ok = vim.wait(TIMEOUT, function()
    return has_code("preambular-opening") and has_code("operative-numbering") and has_code("footnote-undefined")
  end, 100)
  assert(ok, "diagnostics: " .. summary())
  assert(has_code("preambular-opening", RECALLS), "preambular-opening not on line " .. RECALLS .. ": " .. summary())
  assert(has_code("operative-numbering", URGES), "operative-numbering not on line " .. URGES .. ": " .. summary())
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "preambular-opening" then
      assert(d.source == "resolute", "source is " .. tostring(d.source))
    end
  end
  out("  diagnostics: " .. summary())
end)

local function position_params(lnum, byte_col)
  vim.api.nvim_win_set_cursor(0, { lnum, byte_col })
  local c = client()
  return vim.lsp.util.make_position_params(0, (c and c.offset_encoding) or "utf-16")
end

local function hover_text(result)
  local c = result and result.contents
  if type(c) == "string" then
    return c
  end
  if type(c) == "table" then
    if c.value then
      return c.value
    end
    local parts = {}
    for _, item in ipairs(c) do
      table.insert(parts, type(item) == "string" and item or (item.value or ""))
    end
    return table.concat(parts, "\n")
  end
  return ""
end

-- The hover text at a 1-based line and 0-based byte column.
local function hover_at(lnum, byte_col)
  local res, err = vim.lsp.buf_request_sync(buf, "textDocument/hover", position_params(lnum, byte_col), 10000)
  assert(res, "no answer: " .. tostring(err))
  local texts = {}
  for _, r in pairs(res) do
    if r.err then
      error("hover error: " .. vim.inspect(r.err))
    end
    table.insert(texts, hover_text(r.result))
  end
  return table.concat(texts, "\n")
end

check("hover on footnote marker 1 shows its text", function()
  local text = hover_at(RECALLS, MARKER_BYTE)
  assert(text:find("Treaty Series", 1, true), "hover text: " .. vim.inspect(text))
  out("  hover: " .. text:gsub("\n", " | "):sub(1, 160))
end)

check("go to definition jumps from the marker to the footnote body", function()
  vim.api.nvim_win_set_cursor(0, { RECALLS, MARKER_BYTE })
  vim.lsp.buf.definition()
  wait_for("the cursor to move to line " .. BODY1, function()
    return vim.api.nvim_win_get_cursor(0)[1] == BODY1 and vim.api.nvim_get_current_buf() == buf
  end, 10000)
  assert(line(BODY1):find("Treaty Series", 1, true))
end)

-- Picks the code action whose title matches `pattern` in vim.ui.select (0.7 and newer both
-- show code actions through it).
local function choose_action(pattern)
  local chosen, offered = nil, {}
  local orig = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    for i, item in ipairs(items) do
      local title = opts.format_item and opts.format_item(item) or vim.inspect(item)
      table.insert(offered, title)
      if not chosen and title:find(pattern) then
        chosen = title
        vim.ui.select = orig
        on_choice(item, i)
        return
      end
    end
    vim.ui.select = orig
    on_choice(nil, nil)
  end
  return function()
    return chosen, offered
  end
end

-- Runs the code action at (lnum, col) whose title matches `pattern` and waits until `done()`;
-- fails with the line and the offered actions otherwise.
local function apply_action(lnum, col, pattern, done, width)
  vim.api.nvim_win_set_cursor(0, { lnum, col })
  local result = choose_action(pattern)
  vim.lsp.buf.code_action()
  local ok = vim.wait(10000, done, 50)
  local chosen, offered = result()
  assert(ok, ("line %d is %q; offered actions: %s; chosen: %s"):format(
    lnum,
    line(lnum):sub(1, width),
    vim.inspect(offered),
    tostring(chosen)
  ))
end

check("code action (quick fix) turns Recalls back into Recalling", function()
  apply_action(RECALLS, 2, "Recalling", function()
    return line(RECALLS):sub(1, 11) == "*Recalling*"
  end, 40)
  assert(line(RECALLS):find("^%*Recalling%* all international conventions"))
end)

check(":ResoluteRenumber renumbers operative paragraphs (4, 6, 6 -> 4, 5, 6)", function()
  assert(line(URGES):sub(1, 3) == "6. ", "precondition: " .. line(URGES):sub(1, 20))
  vim.cmd("ResoluteRenumber")
  wait_for("line " .. URGES .. " to start with 5.", function()
    return line(URGES):sub(1, 3) == "5. "
  end, 10000)
end)

check(":ResoluteRenumber footnotes runs without error", function()
  local before = #notes
  local done, err = false, nil
  resolute.renumber("footnotes", buf, function(e)
    done, err = true, e
  end)
  wait_for("the server to answer resolute.renumberFootnotes", function()
    return done
  end, 10000)
  assert(err == nil, "error: " .. vim.inspect(err))
  assert(#notes == before, "notifications: " .. vim.inspect(notes))
  assert(line(BODY1):find("^<sup>1</sup>"), "footnote 1 body moved: " .. line(BODY1))
end)

check(":ResoluteFixAll fixes both errors again after they are put back", function()
  vim.api.nvim_buf_set_text(buf, RECALLS - 1, 0, RECALLS - 1, #"*Recalling*", { "*Recalls*" })
  vim.api.nvim_buf_set_text(buf, URGES - 1, 0, URGES - 1, 1, { "6" })
  wait_for("the diagnostics to come back", function()
    return has_code("preambular-opening", RECALLS) and has_code("operative-numbering", URGES)
  end)
  vim.cmd("ResoluteFixAll")
  local ok = vim.wait(10000, function()
    return line(RECALLS):sub(1, 11) == "*Recalling*" and line(URGES):sub(1, 3) == "5. "
  end, 50)
  assert(ok, ("after fix all: line %d %q, line %d %q"):format(RECALLS, line(RECALLS):sub(1, 30), URGES, line(URGES):sub(1, 20)))
  wait_for("the fixed diagnostics to go", function()
    return not has_code("preambular-opening", RECALLS) and not has_code("operative-numbering", URGES)
  end)
  assert(has_code("footnote-undefined"), "footnote-undefined should remain: " .. summary())
end)

check("settings reach the server (a rule set to off disappears)", function()
  resolute.set_settings({ footnotes = { style = "auto" }, rules = { ["footnote-undefined"] = "off" } })
  wait_for("footnote-undefined to be switched off", function()
    return not has_code("footnote-undefined")
  end, 15000)
  resolute.set_settings({ footnotes = { style = "auto" }, rules = {} })
  wait_for("footnote-undefined to come back", function()
    return has_code("footnote-undefined")
  end, 15000)
end)

-- Agreed language: the first preambular paragraph is worded as adopted (A/RES/71/167 PP 1).
local REITERATING = find_line("*Reiterating its strong condemnation*")
local CRIME_BYTE = fixture_lines[REITERATING]:find("serious crime", 1, true) - 1

check("hover on a paragraph names the precedent with its wording", function()
  -- The paragraph index of the bundled corpus is built in the background: ask until it answers.
  local text = ""
  wait_for("the agreed-language line in the hover", function()
    text = hover_at(REITERATING, CRIME_BYTE)
    return text:find("agreed language: ", 1, true) ~= nil
  end, 180000)
  assert(text:find("agreed language: %d+/%d+ PP %d+ %(identical%)"), "hover text: " .. vim.inspect(text))
  out("  hover: " .. text:gsub("\n", " | "):sub(1, 160))
end)

check('a paragraph a word away from a precedent: "Use the wording of …" restores it', function()
  vim.api.nvim_buf_set_text(buf, REITERATING - 1, CRIME_BYTE, REITERATING - 1, CRIME_BYTE + #"serious", { "grave" })
  wait_for("the hover to count the differing word", function()
    return hover_at(REITERATING, CRIME_BYTE):find("1 word differs", 1, true) ~= nil
  end)
  apply_action(REITERATING, CRIME_BYTE, "^Use the wording of %d+/%d+ PP %d+", function()
    return line(REITERATING):find("a serious crime", 1, true) ~= nil
  end, 120)
  assert(line(REITERATING) == fixture_lines[REITERATING], "the paragraph is now: " .. line(REITERATING))
end)

check(":ResoluteSearch puts precedent paragraphs in the quickfix list", function()
  assert(vim.fn.exists(":ResoluteSearch") == 2)
  -- The paragraph index of the bundled corpus is built in the background: ask until it answers.
  local found, pending = {}, false
  wait_for("paragraphs of the bundled corpus", function()
    if not pending then
      pending = true
      resolute.search("food security and nutrition", buf, function(_, items)
        found, pending = items, false
      end)
    end
    return #found > 0
  end, 180000)
  vim.cmd("ResoluteSearch food security and nutrition")
  wait_for("the quickfix list", function()
    return #vim.fn.getqflist() > 0
  end)
  local first = vim.fn.getqflist()[1]
  assert(first.text:match("^%d+/%d+ [OP]P %d+: "), first.text)
  assert(vim.api.nvim_buf_get_name(first.bufnr):match("A_RES_%d+_%d+%.md$"), vim.api.nvim_buf_get_name(first.bufnr))
  vim.cmd("cclose")
end)

check(":ResoluteRestart starts a new server", function()
  local old = client().id
  vim.cmd("ResoluteRestart")
  wait_for("a new client", function()
    local c = client()
    return c ~= nil and c.id ~= old
  end, 15000)
  wait_for("diagnostics from the new server", function()
    return has_code("footnote-undefined")
  end)
end)

out(("%d passed, %d failed"):format(passed, failed))
for _, c in ipairs(resolute.get_clients()) do
  vim.lsp.stop_client(c.id, true)
end
vim.cmd(failed > 0 and "cquit 1" or "qall!")
