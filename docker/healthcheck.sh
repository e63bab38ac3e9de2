#!/bin/bash
# The container's health check: healthy when GET /readyz on the HTTP port answers 200 (every
# listener bound). Uses bash's /dev/tcp, so the image needs no curl or wget. The port is the
# server's: the last --http-port flag on PID 1's command line (flags after the image name; the
# server is PID 1, or its argument with docker run --init), else FAKEMAIL_HTTP_PORT, else 8025.
# Flags win over the variable, as in the server.
port=${FAKEMAIL_HTTP_PORT:-8025}
if [[ -r /proc/1/cmdline ]]; then
  mapfile -d '' -t args </proc/1/cmdline
  for ((i = 0; i < ${#args[@]}; i++)); do
    case ${args[i]} in
      --http-port=*) port=${args[i]#*=} ;;
      --http-port) [[ -n ${args[i + 1]:-} ]] && port=${args[i + 1]} ;;
    esac
  done
fi
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 2 status <&3 || exit 1
[[ $status == 'HTTP/1.1 200'* ]]
