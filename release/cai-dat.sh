#!/bin/sh
# Cài formfill cho tài khoản này, không cần mạng: tìm Python 3.11 trở lên rồi chạy cai-dat.py.
# (Finds a Python 3.11+, newest first, and runs the installer; PYTHON=... names one.)
cd "$(dirname "$0")" || exit 1
for py in ${PYTHON:-} python3.15 python3.14 python3.13 python3.12 python3.11 python3; do
  if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    exec "$py" cai-dat.py "$@"
  fi
done
echo "Chưa tìm thấy Python 3.11 đến 3.15 trên máy này." >&2
echo "Trên Debian/Ubuntu: sudo apt-get install python3 (cần bản 3.11 trở lên), rồi chạy lại: sh cai-dat.sh" >&2
exit 1
