-- After a user's configuration (test/setups/*.lua) has loaded and the draft is open: the server
-- is attached and reports, and :checkhealth resolute finds the binary and its version. Prints
-- "N passed, N failed".
local passed, failed = 0, 0
local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
  end
  io.stdout:write(("%s %s%s\n"):format(ok and "PASS" or "FAIL", name, ok and "" or (": " .. tostring(err))))
end

local draft = vim.api.nvim_get_current_buf()

check("the server attaches and reports footnote-undefined", function()
  local seen = vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(draft)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == "footnote-undefined" then
        return true
      end
    end
    return false
  end, 50)
  assert(seen, "no footnote-undefined diagnostic; filetype " .. vim.bo[draft].filetype)
end)

check(":checkhealth resolute finds the server, its version and the running client", function()
  vim.cmd("checkhealth resolute")
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  for _, wanted in ipairs({ "server found: " .. vim.env.RESOLUTE_BIN, "version: resolute ", "running for" }) do
    assert(report:find(wanted, 1, true), ("%q not in the report:\n%s"):format(wanted, report))
  end
end)

io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
vim.cmd(failed > 0 and "cquit 1" or "qall!")
