@echo off
rem Installs formfill for this user, offline: finds a Python 3.11+ (the py launcher first,
rem then python on PATH) and runs cai-dat.py. UTF-8 from here on, for the Vietnamese messages.
chcp 65001 >nul
setlocal
cd /d "%~dp0"
set "PY="
for %%V in (3.15 3.14 3.13 3.12 3.11) do if not defined PY py -%%V -c "" <nul >nul 2>&1 && set "PY=py -%%V"
if not defined PY python -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" <nul >nul 2>&1 && set "PY=python"
if not defined PY goto :no_python
%PY% "%~dp0cai-dat.py" %*
set "RC=%errorlevel%"
goto :end

:no_python
echo Chưa tìm thấy Python 3.11 đến 3.15 trên máy này.
echo Hãy cài Python cho riêng tài khoản này theo hướng dẫn trong tệp DOC-TRUOC.txt,
echo rồi bấm đúp lại vào cai-dat.cmd.
set "RC=1"

:end
echo.
pause
exit /b %RC%
