-- :checkhealth resolute — is the server there, which version, which corpus, is it attached.
-- Neovim 0.7 has require("health") with report_*; 0.8–0.9 vim.health.report_*; 0.10+ vim.health.*.

local M = {}

local health = vim.health or require("health")
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local fail = health.error or health.report_error
local info = health.info or health.report_info

local function cache_dir()
  local base = vim.env.XDG_CACHE_HOME
  if base == nil or base == "" then
    base = vim.fn.expand("~/.cache")
  end
  return base .. "/resolute"
end

-- The server binary named by setup()'s `cmd`; returns its full path when it runs.
local function check_binary(resolute)
  start("Resolute language server")
  local cmd = resolute.config.cmd
  local program = type(cmd) == "table" and cmd[1] or nil
  if program == nil then
    info("cmd is a function: the server is started by it, not checked here")
    return nil
  end
  if vim.fn.executable(program) ~= 1 then
    fail(("%q is not an executable"):format(program), {
      "Install the server so that `resolute` is on your PATH (cargo install --path . in the Resolute repository)",
      "or pass cmd = { '/path/to/resolute', 'lsp' } to require('resolute').setup()",
    })
    return nil
  end
  local path = vim.fn.exepath(program)
  ok("server found: " .. path)
  local version = vim.fn.system({ path, "--version" })
  if vim.v.shell_error == 0 then
    ok("version: " .. vim.trim(version))
  else
    fail("`" .. path .. " --version` failed: " .. vim.trim(version))
  end
  return path
end

local function check_corpus(resolute)
  start("Precedent corpus")
  local corpus = (resolute.server_settings().corpus or {})
  if corpus.bundled == false then
    info("bundled corpus: off (settings.corpus.bundled = false)")
  elseif vim.env.RESOLUTE_CORPUS and vim.env.RESOLUTE_CORPUS ~= "" then
    ok("bundled corpus replaced by $RESOLUTE_CORPUS: " .. vim.env.RESOLUTE_CORPUS)
  else
    local copies = vim.fn.glob(cache_dir() .. "/corpus-*", false, true)
    if #copies == 0 then
      info("bundled corpus: unpacked into " .. cache_dir() .. "/corpus-<id> when the server first needs it")
    elseif #copies == 1 then
      ok("bundled corpus: " .. copies[1])
    else
      warn(("%d corpus copies in %s (one per server version)"):format(#copies, cache_dir()), {
        "`resolute cache clean` removes those of other versions",
      })
    end
  end
  for _, folder in ipairs(corpus.paths or {}) do
    if vim.fn.isdirectory(folder) == 1 then
      ok("corpus folder: " .. folder)
    else
      warn("corpus folder does not exist: " .. folder, { "correct settings.corpus.paths" })
    end
  end
end

local function check_clients(resolute)
  start("Clients")
  local clients = resolute.get_clients()
  if #clients == 0 then
    info("no Resolute server is running (it starts for " .. table.concat(resolute.config.filetypes, ", ") .. " buffers)")
  end
  for _, c in ipairs(clients) do
    ok(("server %d running for %s"):format(c.id, tostring(c.config.root_dir)))
  end
end

function M.check()
  local resolute = require("resolute")
  check_binary(resolute)
  check_corpus(resolute)
  check_clients(resolute)
end

return M
