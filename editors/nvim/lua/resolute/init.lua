-- Resolute for Neovim: starts `resolute lsp` for Markdown and text buffers and adds
-- :ResoluteFixAll, :ResoluteRenumber [operative|footnotes], :ResoluteRestart and
-- :ResoluteSearch {words} (agreed language into the quickfix list).
--
--   require("resolute").setup({
--     cmd = { "resolute", "lsp" },          -- or { "/path/to/resolute", "lsp" }
--     filetypes = { "markdown", "text" },
--     settings = { rules = { ["repeated-opening"] = "off" }, footnotes = { style = "auto" } },
--   })
--
-- Works on Neovim 0.7 (vim.lsp.start_client + buf_attach_client) and 0.8+ (vim.lsp.start).
-- See :help resolute.

local M = {}

local NAME = "resolute"

local defaults = {
  cmd = { "resolute", "lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { "resolute.toml", ".git" },
  -- Server settings, in the shape of the server's "resolute" section (see :help resolute-settings).
  settings = {},
  on_attach = nil,
  capabilities = nil,
  autostart = true,
  -- Extra fields merged into the client config (handlers, flags, ...).
  client_config = {},
}

-- Keys whose values are lists: taken as given, not merged index by index.
local list_keys = { cmd = true, filetypes = true, root_markers = true }

M.config = vim.deepcopy(defaults)

-- Neovim 0.7 keeps its own client per root (vim.lsp.start does that from 0.8 on).
local clients_by_root = {}

local uv = vim.loop or vim.uv

local function notify(msg, level)
  vim.notify("resolute: " .. msg, level or vim.log.levels.INFO)
end

local function has_start()
  return type(vim.lsp.start) == "function"
end

local function is_dir_entry(path)
  return uv.fs_stat(path) ~= nil
end

local function parent(dir)
  local p = vim.fn.fnamemodify(dir, ":h")
  if p == dir then
    return nil
  end
  return p
end

--- The root folder of a file: the nearest ancestor holding resolute.toml; else the nearest holding
--- .git (the markers are tried in the order of `root_markers`); else the file's own folder.
function M.find_root(fname, markers)
  markers = markers or M.config.root_markers
  if fname == nil or fname == "" then
    return uv.cwd()
  end
  local start = vim.fn.fnamemodify(fname, ":p:h")
  for _, marker in ipairs(markers) do
    local dir = start
    while dir do
      if is_dir_entry(dir .. "/" .. marker) then
        return dir
      end
      dir = parent(dir)
    end
  end
  return start
end

local function is_empty(t)
  return type(t) == "table" and next(t) == nil
end

-- vim.json.encode({}) gives "[]": empty tables that stand for objects become vim.empty_dict().
local function objectify(value, key)
  if type(value) ~= "table" then
    return value
  end
  if is_empty(value) then
    if key == "paths" then
      return value
    end
    return vim.empty_dict()
  end
  if (vim.islist or vim.tbl_islist)(value) then
    return value
  end
  local out = {}
  for k, v in pairs(value) do
    out[k] = objectify(v, k)
  end
  return out
end

--- The server's "resolute" settings object from what the user gave (with or without the
--- `resolute` wrapper key).
function M.server_settings(settings)
  settings = settings or M.config.settings or {}
  if type(settings.resolute) == "table" then
    settings = settings.resolute
  end
  settings = vim.deepcopy(settings)
  if type(settings.corpus) == "table" and type(settings.corpus.paths) == "table" then
    for i, p in ipairs(settings.corpus.paths) do
      if type(p) == "string" then
        settings.corpus.paths[i] = vim.fn.expand(p)
      end
    end
  end
  return objectify(settings)
end

local function matches_filetype(bufnr)
  local ft = vim.bo[bufnr].filetype
  return vim.tbl_contains(M.config.filetypes, ft)
end

local function client_is_alive(client)
  if not client then
    return false
  end
  if type(client.is_stopped) == "function" then
    -- a closure on 0.7, a method from 0.11 on: passing the client works for both
    local ok, stopped = pcall(client.is_stopped, client)
    return not (ok and stopped)
  end
  return true
end

--- Resolute clients, optionally only those attached to `bufnr`.
function M.get_clients(bufnr)
  local all
  if vim.lsp.get_clients then
    all = vim.lsp.get_clients({ name = NAME })
  else
    all = vim.tbl_filter(function(c)
      return c.name == NAME
    end, vim.lsp.get_active_clients())
  end
  if bufnr == nil then
    return all
  end
  if bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  return vim.tbl_filter(function(c)
    return vim.lsp.buf_is_attached(bufnr, c.id)
  end, all)
end

local function client_config(root)
  local settings = M.server_settings()
  local cfg = vim.tbl_deep_extend("force", {
    name = NAME,
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    -- Answered by Neovim's workspace/configuration handler (section "resolute").
    settings = { resolute = settings },
    init_options = settings,
    capabilities = M.config.capabilities or vim.lsp.protocol.make_client_capabilities(),
    on_attach = M.config.on_attach,
  }, M.config.client_config or {})
  -- tbl_deep_extend would have turned empty dicts into plain tables again.
  cfg.settings = { resolute = settings }
  cfg.init_options = settings
  cfg.cmd = M.config.cmd
  return cfg
end

--- Starts (or reuses) the server for a buffer and attaches it. Returns the client id.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not vim.api.nvim_buf_is_valid(bufnr) then
    return nil
  end
  if vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = M.find_root(fname)
  local cmd = M.config.cmd
  if type(cmd) == "table" and vim.fn.executable(cmd[1]) ~= 1 then
    if not M._warned_missing then
      M._warned_missing = true
      notify(
        ("cannot start the language server: %q is not an executable. Install Resolute so that `resolute` is on "
          .. "your PATH, or pass cmd = { '/path/to/resolute', 'lsp' } to require('resolute').setup()."):format(
          tostring(cmd[1])
        ),
        vim.log.levels.ERROR
      )
    end
    return nil
  end
  local config = client_config(root)

  if has_start() then
    local id
    vim.api.nvim_buf_call(bufnr, function()
      id = vim.lsp.start(config, { bufnr = bufnr })
    end)
    return id
  end

  -- Neovim 0.7
  local id = clients_by_root[root]
  if id == nil or not client_is_alive(vim.lsp.get_client_by_id(id)) then
    id = vim.lsp.start_client(config)
    if id == nil then
      notify("failed to start " .. table.concat(cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- client.request(method, params, handler, bufnr); method-call syntax is required from 0.11 on.
local function request(client, method, params, handler, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    client:request(method, params, handler, bufnr)
  else
    client.request(method, params, handler, bufnr)
  end
end

local function with_client(bufnr, fn)
  local clients = M.get_clients(bufnr)
  if #clients == 0 then
    notify("no Resolute language server is attached to this buffer", vim.log.levels.WARN)
    return
  end
  fn(clients[1])
end

--- Runs a server command (resolute.fixAll, resolute.renumberOperative, resolute.renumberFootnotes)
--- on a buffer; the server applies its edit through workspace/applyEdit.
function M.execute(command, bufnr, callback)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  with_client(bufnr, function(client)
    local params = { command = command, arguments = { vim.uri_from_bufnr(bufnr) } }
    local handler = function(err, result)
      if err then
        notify(("%s failed: %s"):format(command, err.message or vim.inspect(err)), vim.log.levels.ERROR)
      end
      if callback then
        callback(err, result)
      end
    end
    request(client, "workspace/executeCommand", params, handler, bufnr)
  end)
end

--- Searches the paragraphs of the precedents (agreed language) for `words` and puts them in the
--- quickfix list, then opens it (or calls `callback(err, items)` instead).
function M.search(words, bufnr, callback)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  with_client(bufnr, function(client)
    local handler = function(err, result)
      if err then
        notify(("search failed: %s"):format(err.message or vim.inspect(err)), vim.log.levels.ERROR)
      end
      local items = {}
      for _, s in ipairs(result or {}) do
        -- Paragraphs are string symbols; resolutions and instruments are left out.
        if s.kind == 15 then
          table.insert(items, {
            filename = vim.uri_to_fname(s.location.uri),
            lnum = s.location.range.start.line + 1,
            col = 1,
            text = s.name .. (s.containerName and (" — " .. s.containerName) or ""),
          })
        end
      end
      vim.fn.setqflist({}, " ", { title = "Resolute: " .. words, items = items })
      if callback then
        callback(err, items)
      else
        vim.cmd("copen")
      end
    end
    request(client, "workspace/symbol", { query = words }, handler, bufnr)
  end)
end

function M.fix_all(bufnr, callback)
  M.execute("resolute.fixAll", bufnr, callback)
end

--- what: "operative" (default) or "footnotes".
function M.renumber(what, bufnr, callback)
  what = (what == nil or what == "") and "operative" or what
  if what == "operative" then
    M.execute("resolute.renumberOperative", bufnr, callback)
  elseif what == "footnotes" then
    M.execute("resolute.renumberFootnotes", bufnr, callback)
  else
    notify(("unknown argument %q: use operative or footnotes"):format(what), vim.log.levels.ERROR)
  end
end

--- Stops the Resolute clients and starts them again for every matching buffer.
function M.restart()
  local ids = {}
  for _, c in ipairs(M.get_clients()) do
    table.insert(ids, c.id)
    vim.lsp.stop_client(c.id)
  end
  clients_by_root = {}
  vim.wait(3000, function()
    for _, id in ipairs(ids) do
      if client_is_alive(vim.lsp.get_client_by_id(id)) then
        return false
      end
    end
    return true
  end, 50)
  for _, id in ipairs(ids) do
    if client_is_alive(vim.lsp.get_client_by_id(id)) then
      vim.lsp.stop_client(id, true)
    end
  end
  M._warned_missing = false
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and matches_filetype(buf) then
      M.attach(buf)
    end
  end
end

--- Replaces the server settings and tells running servers (they pull them again).
function M.set_settings(settings)
  M.config.settings = settings or {}
  local s = M.server_settings()
  for _, c in ipairs(M.get_clients()) do
    -- 0.7-0.10 answer workspace/configuration from client.config.settings, 0.11+ from client.settings
    c.config.settings = { resolute = s }
    if c.settings ~= nil then
      c.settings = { resolute = s }
    end
    if vim.fn.has("nvim-0.11") == 1 then
      c:notify("workspace/didChangeConfiguration", { settings = { resolute = s } })
    else
      c.notify("workspace/didChangeConfiguration", { settings = { resolute = s } })
    end
  end
end

local function merge_config(opts)
  local cfg = vim.deepcopy(defaults)
  for k, v in pairs(opts or {}) do
    if list_keys[k] or type(v) ~= "table" or type(cfg[k]) ~= "table" then
      cfg[k] = v
    else
      cfg[k] = vim.tbl_deep_extend("force", cfg[k], v)
    end
  end
  if type(cfg.cmd) == "string" then
    cfg.cmd = { cfg.cmd, "lsp" }
  end
  return cfg
end

local function create_commands()
  local cmd = vim.api.nvim_create_user_command
  cmd("ResoluteFixAll", function()
    M.fix_all(0)
  end, { desc = "Resolute: apply every available fix to the buffer" })
  cmd("ResoluteRenumber", function(a)
    M.renumber(a.args, 0)
  end, {
    nargs = "?",
    complete = function()
      return { "operative", "footnotes" }
    end,
    desc = "Resolute: renumber operative paragraphs (or footnotes, with the argument `footnotes`)",
  })
  cmd("ResoluteRestart", function()
    M.restart()
  end, { desc = "Resolute: restart the language server" })
  cmd("ResoluteSearch", function(a)
    M.search(a.args, 0)
  end, { nargs = "+", desc = "Resolute: search the precedents' paragraphs into the quickfix list" })
end

function M.setup(opts)
  M.config = merge_config(opts)
  create_commands()
  local group = vim.api.nvim_create_augroup("resolute", { clear = true })
  if M.config.autostart then
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = M.config.filetypes,
      callback = function(args)
        M.attach(args.buf)
      end,
      desc = "Resolute: start the language server",
    })
    -- Buffers already open when setup() runs.
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and matches_filetype(buf) then
        M.attach(buf)
      end
    end
  end
end

return M
