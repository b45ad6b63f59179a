#!/usr/bin/env python3
"""End-to-end test of the release build: serve dist/ under a sub-path on loopback, open it in headless
Chromium through chromedriver (W3C WebDriver over HTTP, standard library only), and check that the app
loads and renders. Saves a screenshot of the main screen to OUT/main.png for a person to look at.

Prints libtest-style lines so scripts/test.sh can add the results up."""
import argparse, base64, functools, http.server, json, os, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.request

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

class Driver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": shutil.which("chromium") or "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--window-size=1440,900"]}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.loads(r.read())["value"]

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def script(self, js):
        return self.s("POST", "/execute/sync", {"script": js, "args": []})

    def wait_for(self, js, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            v = self.script(js)
            if v:
                return v
            time.sleep(0.25)
        return None

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dist", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    results = []
    def check(name, ok, detail=""):
        results.append(ok)
        print(f"test e2e::{name} ... {'ok' if ok else 'FAILED'}" + (f"  ({detail})" if detail and not ok else ""))

    if not os.path.isfile(os.path.join(a.dist, "index.html")):
        check("dist_exists", False, f"{a.dist}/index.html missing")
        return finish(results)
    # Host dist/ under a sub-path, as a teacher's static site would: http://127.0.0.1:P/some/sub/path/
    root = tempfile.mkdtemp()
    os.makedirs(os.path.join(root, "some", "sub"))
    os.symlink(os.path.abspath(a.dist), os.path.join(root, "some", "sub", "path"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=root)
    http.server.SimpleHTTPRequestHandler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/some/sub/path/"

    dport = free_port()
    drv_proc = subprocess.Popen(["chromedriver", f"--port={dport}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{dport}/status", timeout=1); break
            except Exception:
                time.sleep(0.1)
        d = Driver(dport)
        d.s("POST", "/url", {"url": url})
        rendered = d.wait_for("return document.querySelectorAll('svg [data-node]').length")
        check("app_renders_topology_nodes", bool(rendered), "no [data-node] element inside an <svg> within 60 s")
        check("assets_load_under_sub_path", d.script(
            "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).length > 0"),
            "no .wasm resource was loaded")
        title = d.script("return document.title")
        check("page_has_title", bool(title) and "vpcsim" in title.lower(), f"title={title!r}")
        check("no_panic_in_page", not d.script(
            "return (document.body.innerText || '').includes('panicked')"), "page text mentions a panic")
        png = d.s("GET", "/screenshot")
        with open(os.path.join(a.out, "main.png"), "wb") as f:
            f.write(base64.b64decode(png))
        print(f"screenshot: {os.path.join(a.out, 'main.png')}")
        # All-pairs reachability of the sample lab, computed in the worker.
        d.script("document.querySelector('details.reachability').open = true; "
                 "document.querySelector(\"[data-testid='reach-run']\").click(); return true")
        summary = d.wait_for("const e = document.querySelector(\"[data-testid='reach-summary']\"); return e && e.innerText", timeout=30)
        check("reachability_runs_in_the_worker", bool(summary) and "/6 pairs reachable" in summary, f"summary={summary!r}")
        # Import describe-* files through the import worker (a second wasm module, fetched on demand).
        choose = """
            const input = document.querySelector("[data-testid='import']");
            const dt = new DataTransfer();
            for (const [name, doc] of arguments[0]) dt.items.add(new File([JSON.stringify(doc)], name));
            input.files = dt.files;
            input.dispatchEvent(new Event('change', {bubbles: true}));
            return true;"""
        files = [["Vpcs.json", {"Vpcs": [{"VpcId": "vpc-e2e", "CidrBlock": "10.42.0.0/16", "OwnerId": "111111111111"}]}],
                 ["Subnets.json", {"Subnets": [{"SubnetId": "subnet-e2e", "VpcId": "vpc-e2e", "CidrBlock": "10.42.1.0/24",
                                                "AvailabilityZone": "us-east-1a"}]}]]
        d.s("POST", "/execute/sync", {"script": choose, "args": [files]})
        imported = d.wait_for("return !!document.querySelector(\"[data-container='subnet-e2e']\")", timeout=30)
        # The page fetches the worker's loader; the worker's own fetches are in its own timeline.
        worker = d.script("return performance.getEntriesByType('resource').some(e => e.name.endsWith('import_worker_loader.js'))")
        check("import_runs_in_the_worker", bool(imported) and bool(worker),
              f"subnet drawn: {bool(imported)}, worker started: {bool(worker)}")
        bad = [["Vpcs.json", {"Vpcs": [{"VpcId": "vpc-bad", "CidrBlock": "10.42.0.0/99"}]}]]
        d.s("POST", "/execute/sync", {"script": choose, "args": [bad]})
        error = d.wait_for("const e = document.querySelector(\"[data-testid='error']\"); return e && e.innerText", timeout=30)
        kept = d.script("return !!document.querySelector(\"[data-container='subnet-e2e']\")")
        check("a_bad_import_is_refused_by_the_worker", bool(error) and "Vpcs.json" in error and kept,
              f"error={error!r}, topology kept: {kept}")
        # A share link: deflated by the worker, opened in a fresh page load, decoded by the worker again.
        d.script("document.querySelector(\"[data-testid='share-button']\").click(); return true")
        url = d.wait_for("const e = document.querySelector(\"[data-testid='share-url']\"); return e && e.value", timeout=30)
        opened = False
        if url and "#s=1." in url:
            d.s("POST", "/execute/sync", {"script": "localStorage.clear(); return true", "args": []})
            d.s("POST", "/url", {"url": url})
            d.s("POST", "/refresh", {})
            opened = d.wait_for("return !!document.querySelector(\"[data-container='subnet-e2e']\")", timeout=30)
        check("share_link_made_and_opened_by_the_worker", bool(opened), f"url={str(url)[:80]!r}, opened: {bool(opened)}")
        d.s("DELETE", "")
    except Exception as e:  # a broken driver or page is a failed test, not a crash
        check("webdriver_session", False, repr(e))
    finally:
        drv_proc.terminate()
        httpd.shutdown()
    return finish(results)

def finish(results):
    p = sum(1 for r in results if r)
    f = len(results) - p
    print(f"test result: {'ok' if f == 0 else 'FAILED'}. {p} passed; {f} failed; 0 ignored")
    return 0 if f == 0 else 1

if __name__ == "__main__":
    sys.exit(main())
