-- Run by the Neovim test: `nvim --headless --clean -c 'luafile lsp-check.lua'`, with
-- APKBUILD_LS_CMD (a JSON list), APKBUILD_LS_FIXTURE and APKBUILD_LS_OUT in the environment.
-- Attaches Neovim's built-in LSP client to the server, opens the fixture, waits for the
-- diagnostics and writes what the client received (and a completion result when the server
-- offers completion) as JSON to APKBUILD_LS_OUT.
local out = os.getenv('APKBUILD_LS_OUT')
local fixture = os.getenv('APKBUILD_LS_FIXTURE')
local cmd = vim.fn.json_decode(os.getenv('APKBUILD_LS_CMD'))

local function finish(result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(fixture))
local bufnr = vim.api.nvim_get_current_buf()
local config = { name = 'apkbuild-ls', cmd = cmd, root_dir = vim.fn.fnamemodify(fixture, ':h') }
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config, { bufnr = bufnr })
else -- Neovim 0.7 (Debian 12)
  client_id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(bufnr, client_id)
end
if not client_id then
  return finish({ error = 'the client did not start' })
end

local received = vim.wait(30000, function()
  return #vim.diagnostic.get(bufnr) > 0
end, 50)
local result = { received = received, diagnostics = {} }
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  table.insert(result.diagnostics, {
    line = d.lnum,
    character = d.col,
    end_line = d.end_lnum,
    end_character = d.end_col,
    code = d.code or lsp.code,
    source = d.source,
    message = d.message,
  })
end

local client = vim.lsp.get_client_by_id(client_id)
local caps = client.server_capabilities or client.resolved_capabilities or {}
if caps.completionProvider then
  -- at the start of a top-level line: the APKBUILD variable names
  local response = client.request_sync('textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = 9, character = 0 },
  }, 10000, bufnr)
  local items = response and response.result or {}
  if items.items then items = items.items end
  local labels = {}
  for _, item in ipairs(items) do table.insert(labels, item.label) end
  result.completion = { count = #items, labels = labels }
end

vim.lsp.stop_client(client_id)
finish(result)
