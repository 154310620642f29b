"""Drives Deno's real Jupyter kernel with Jupyter's own client, for tests/notebook_test.ts.

The kernel is started by jupyter_client's KernelManager from a kernelspec written to a
temporary JUPYTER_PATH (argv: deno jupyter --kernel --conn {connection_file}), as a notebook
server would start it. The Deno test talks to this script in JSON lines: one request per line
on stdin, one answer per line on stdout (anything else goes to stderr).

Requests: {"op": "execute", "code", "timeout"} runs a cell that ends in a value and answers
its IOPub messages (the cell's own, in order, up to its execute_result or error) and its
execute_reply; {"op": "iopub", "seconds"} answers the IOPub
messages that arrive in that time (later display updates); {"op": "shell", "msg_type",
"content", "seconds"} sends a frontend message on the shell channel and answers the shell
replies and IOPub messages that follow; {"op": "restart"} and {"op": "shutdown"} do what the
notebook's menu does; {"op": "info"} answers the kernel's pid and ports.
"""

import json
import os
import queue
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager


def answer(obj):
    sys.stdout.write(json.dumps(obj, default=str) + "\n")
    sys.stdout.flush()


def slim(msg):
    return {
        "msg_type": msg["msg_type"],
        "content": msg["content"],
        "parent_msg_id": msg["parent_header"].get("msg_id"),
        "metadata": msg.get("metadata", {}),
    }


def main():
    deno, cwd = sys.argv[1], sys.argv[2]
    home = tempfile.mkdtemp(prefix="panes-jupyter-")
    spec_dir = os.path.join(home, "kernels", "panes-deno-test")
    os.makedirs(spec_dir)
    with open(os.path.join(spec_dir, "kernel.json"), "w") as f:
        json.dump({
            "argv": [deno, "jupyter", "--kernel", "--conn", "{connection_file}"],
            "display_name": "Deno (panes test)",
            "language": "typescript",
        }, f)
    os.environ["JUPYTER_PATH"] = home
    os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(home, "runtime")

    km = KernelManager(kernel_name="panes-deno-test")
    km.start_kernel(cwd=cwd)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)

    def info():
        return {
            "pid": km.provisioner.process.pid if km.provisioner and km.provisioner.process else None,
            "ports": [km.shell_port, km.iopub_port, km.stdin_port, km.control_port, km.hb_port],
        }

    answer({"ready": True, **info()})
    for line in sys.stdin:
        req = json.loads(line)
        op = req["op"]
        try:
            if op == "execute":
                # Deno's kernel publishes a cell's outputs from another thread: they can come
                # after its "idle". Every cell here ends in a value, so its execute_result (or
                # its error) is the last output; wait for that, then for the reply.
                msg_id = kc.execute(req["code"], allow_stdin=False)
                deadline = time.time() + req.get("timeout", 60)
                out, others = [], []
                while True:
                    left = deadline - time.time()
                    if left <= 0:
                        raise TimeoutError(f"no result from the cell within {req.get('timeout', 60)} s")
                    m = kc.get_iopub_msg(timeout=left)
                    if m["parent_header"].get("msg_id") != msg_id:
                        others.append(slim(m))
                        continue
                    if m["msg_type"] not in ("status", "execute_input"):
                        out.append(slim(m))
                    if m["msg_type"] in ("execute_result", "error"):
                        break
                while True:
                    reply = kc.get_shell_msg(timeout=max(1, deadline - time.time()))
                    if reply["parent_header"].get("msg_id") == msg_id:
                        break
                answer({"outputs": out, "others": others, "reply": reply["content"]})
            elif op == "iopub":
                end = time.time() + req.get("seconds", 1)
                out = []
                while time.time() < end:
                    try:
                        out.append(slim(kc.get_iopub_msg(timeout=0.1)))
                    except queue.Empty:
                        pass
                answer({"messages": out})
            elif op == "shell":
                msg = kc.session.msg(req["msg_type"], req["content"])
                kc.shell_channel.send(msg)
                end = time.time() + req.get("seconds", 1)
                shell, iopub = [], []
                while time.time() < end:
                    try:
                        m = kc.get_shell_msg(timeout=0.05)
                        if m["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                            shell.append(slim(m))
                    except queue.Empty:
                        pass
                    try:
                        iopub.append(slim(kc.get_iopub_msg(timeout=0.05)))
                    except queue.Empty:
                        pass
                answer({"shell": shell, "iopub": iopub})
            elif op == "info":
                answer(info())
            elif op == "restart":
                before = info()
                km.restart_kernel(now=False)
                kc.stop_channels()
                kc = km.client()
                kc.start_channels()
                kc.wait_for_ready(timeout=120)
                answer({"before": before, "after": info()})
            elif op == "shutdown":
                before = info()
                km.shutdown_kernel(now=False)
                kc.stop_channels()
                answer({"before": before, "alive": km.is_alive()})
                return
            else:
                answer({"error": f"unknown op {op}"})
        except Exception as e:  # noqa: BLE001 - every failure goes back to the test
            answer({"error": f"{type(e).__name__}: {e}"})
    km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
