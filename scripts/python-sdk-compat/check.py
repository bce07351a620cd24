#!/usr/bin/env python3
"""Checks that the official Python SDK (exospherehost 0.0.3b1) works unchanged against a state manager.

Run it against `exosphere serve` (or a real state manager): it registers two nodes through the SDK's
Runtime, upserts graphs through the SDK's StateManager (with secrets, a retry policy, a store config and a
cron trigger), triggers a run with store values and waits until the runs listing reports it SUCCESS with
the expected counts. It also re-upserts a graph valid -> invalid -> valid. See README.md beside this file.

This is our own test program: it only imports the SDK, it contains none of its code.
"""
import argparse
import asyncio
import os
import sys
import time
import uuid
from datetime import timedelta

import aiohttp
from pydantic import BaseModel

from exospherehost import (
    VERSION,
    BaseNode,
    CronTrigger,
    GraphNodeModel,
    PruneSignal,
    ReQueueAfterSignal,
    RetryPolicyModel,
    RetryStrategyEnum,
    Runtime,
    StateManager,
    StoreConfigModel,
)

# Non-ASCII on purpose: aiohttp sends it as \u escapes (a surrogate pair for the key emoji).
SECRET_VALUE = "compat-check-s\u00e9cret-\U0001F511"


class CompatSplit(BaseNode):
    """Fans out: one output per comma-separated item."""

    class Inputs(BaseModel):
        items: str
        prefix: str

    class Outputs(BaseModel):
        item: str

    async def execute(self):
        return [self.Outputs(item=f"{self.inputs.prefix}-{item}") for item in self.inputs.items.split(",")]


class CompatSecretUser(BaseNode):
    """Needs a graph secret; fails (and so retries, then errors) if the secret did not arrive intact."""

    class Inputs(BaseModel):
        item: str

    class Outputs(BaseModel):
        result: str

    class Secrets(BaseModel):
        api_token: str

    async def execute(self):
        if self.secrets.api_token != SECRET_VALUE:
            raise ValueError("the secret did not arrive intact")
        return self.Outputs(result=self.inputs.item.upper())


class CompatSignals(BaseNode):
    """Exercises every way a state can end: outputs, prune, re-enqueue-after and an error that is retried."""

    seen = set()  # items that already ran once in this process

    class Inputs(BaseModel):
        item: str

    class Outputs(BaseModel):
        result: str

    async def execute(self):
        item = self.inputs.item
        first_time = item not in CompatSignals.seen
        CompatSignals.seen.add(item)
        if item.endswith("prune"):
            raise PruneSignal({"reason": "pruned by the compat check"})
        if item.endswith("later") and first_time:
            raise ReQueueAfterSignal(timedelta(milliseconds=300))
        if item.endswith("flaky") and first_time:
            raise RuntimeError("failing once on purpose")
        return self.Outputs(result=item)


class CompatPrint(BaseNode):
    """Returns nothing, like the repository's own upsert test node."""

    class Inputs(BaseModel):
        message: str

    async def execute(self):
        return None


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}")


async def runs_page(uri, key, namespace):
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{uri}/v0/namespace/{namespace}/runs/1/100", headers={"x-api-key": key}) as response:
            body = await response.json()
            if response.status != 200:
                raise RuntimeError(f"GET runs answered {response.status}: {body}")
            return body


async def get_json(uri, key, path):
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{uri}{path}", headers={"x-api-key": key}) as response:
            body = await response.json()
            if response.status != 200:
                raise RuntimeError(f"GET {path} answered {response.status}: {body}")
            return body


async def outputs_of(uri, key, namespace, graph_name, run_id, identifier):
    """The outputs of every state of one node template in a run, through the graph and node-details routes."""
    structure = await get_json(uri, key, f"/v0/namespace/{namespace}/states/run/{run_id}/graph")
    results = []
    for node in structure["nodes"]:
        if node["identifier"] == identifier:
            details = await get_json(uri, key,
                                     f"/v0/namespace/{namespace}/graph/{graph_name}/run/{run_id}/node/{node['id']}")
            results.append(details["outputs"])
    return results


async def wait_for_run(uri, key, namespace, run_id, timeout):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        page = await runs_page(uri, key, namespace)
        last = next((run for run in page["runs"] if run["run_id"] == run_id), None)
        if last is not None and last["status"] != "PENDING":
            return last
        await asyncio.sleep(0.5)
    return last


async def fan_out_with_secret(checks, args, namespace, runtime_task):
    state_manager = StateManager(namespace=namespace, state_manager_uri=args.uri, key=args.key)
    graph_name = f"compat-fanout-{uuid.uuid4().hex[:8]}"
    nodes = [
        GraphNodeModel(
            node_name="CompatSplit",
            namespace=namespace,
            identifier="split",
            inputs={"items": "${{ store.items }}", "prefix": "${{ store.prefix }}"},
            next_nodes=["use_secret"],
        ),
        GraphNodeModel(
            node_name="CompatSecretUser",
            namespace=namespace,
            identifier="use_secret",
            inputs={"item": "${{ split.outputs.item }}"},
        ),
    ]
    graph = await state_manager.upsert_graph(
        graph_name,
        nodes,
        {"api_token": SECRET_VALUE},
        retry_policy=RetryPolicyModel(max_retries=2, strategy=RetryStrategyEnum.FIXED, backoff_factor=500),
        store_config=StoreConfigModel(required_keys=["items"], default_values={"prefix": "item"}),
        # Once a year: accepted and scheduled, but it will not fire during the check.
        triggers=[CronTrigger(expression="0 0 1 1 *")],
        validation_timeout=30,
    )
    checks.check("upsert_graph with secrets, retry policy, store config and cron trigger is VALID",
                 graph.get("validation_status") == "VALID", graph)
    checks.check("graph answer shows secret names only", graph.get("secrets") == {"api_token": True}, graph.get("secrets"))

    triggered = await state_manager.trigger(graph_name, store={"items": "a,b,\u00e7"})
    checks.check("trigger answers CREATED with a run id",
                 triggered.get("status") == "CREATED" and bool(triggered.get("run_id")), triggered)

    run = await wait_for_run(args.uri, args.key, namespace, triggered["run_id"], args.timeout)
    expected = {"status": "SUCCESS", "success_count": 6, "pending_count": 0, "errored_count": 0,
                "retried_count": 0, "total_count": 6}
    actual = None if run is None else {k: run[k] for k in expected}
    if runtime_task.done() and not runtime_task.cancelled():
        print(f"runtime stopped early: {runtime_task.exception()!r}")
    checks.check("fan-out run (3 splits x secret user) ends SUCCESS with 6 states", actual == expected,
                 f"expected {expected}, got {actual}")
    print(f"run {triggered['run_id']}: {actual}")

    outputs = await outputs_of(args.uri, args.key, namespace, graph_name, triggered["run_id"], "use_secret")
    results = sorted(output.get("result", "") for output in outputs)
    checks.check("store values, fan-out outputs and the secret reached the nodes intact",
                 results == ["ITEM-A", "ITEM-B", "ITEM-\u00c7"], results)


async def signals_and_retries(checks, args, namespace):
    state_manager = StateManager(namespace=namespace, state_manager_uri=args.uri, key=args.key)
    graph_name = f"compat-signals-{uuid.uuid4().hex[:8]}"
    nodes = [
        GraphNodeModel(node_name="CompatSplit", namespace=namespace, identifier="split",
                       inputs={"items": "${{ store.items }}", "prefix": "x"}, next_nodes=["act"]),
        GraphNodeModel(node_name="CompatSignals", namespace=namespace, identifier="act",
                       inputs={"item": "${{ split.outputs.item }}"}),
    ]
    await state_manager.upsert_graph(
        graph_name, nodes, {},
        retry_policy=RetryPolicyModel(max_retries=1, strategy=RetryStrategyEnum.FIXED, backoff_factor=300),
        store_config=StoreConfigModel(required_keys=["items"]),
        validation_timeout=30)
    triggered = await state_manager.trigger(graph_name, store={"items": "ok,prune,later,flaky"})
    run = await wait_for_run(args.uri, args.key, namespace, triggered["run_id"], args.timeout)
    # 4 split states + ok, prune (PRUNED counts as success), later (same state re-enqueued),
    # flaky (RETRY_CREATED) and its retry.
    expected = {"status": "SUCCESS", "success_count": 8, "pending_count": 0, "errored_count": 0,
                "retried_count": 1, "total_count": 9}
    actual = None if run is None else {k: run[k] for k in expected}
    checks.check("prune, re-enqueue-after and a retried error end SUCCESS with 9 states", actual == expected,
                 f"expected {expected}, got {actual}")
    print(f"run {triggered['run_id']}: {actual}")


async def valid_invalid_valid(checks, args, namespace):
    state_manager = StateManager(namespace=namespace, state_manager_uri=args.uri, key=args.key)
    graph_name = f"compat-reupsert-{uuid.uuid4().hex[:8]}"

    def node(identifier, next_nodes=None):
        return GraphNodeModel(node_name="CompatPrint", namespace=namespace, identifier=identifier,
                              inputs={"message": f"hello from {identifier}"}, next_nodes=next_nodes)

    first = await state_manager.upsert_graph(graph_name, [node("node1")], {}, validation_timeout=30)
    checks.check("single-node graph is VALID", first.get("validation_status") == "VALID", first)

    try:
        await state_manager.upsert_graph(graph_name, [node("node1"), node("node2")], {}, validation_timeout=30)
        checks.check("two unconnected nodes are rejected", False, "upsert_graph did not raise")
    except Exception as error:  # the SDK raises a plain Exception carrying status and body
        text = str(error)
        checks.check("two unconnected nodes are rejected with 400",
                     text.startswith("Failed to upsert graph: 400"), text)

    third = await state_manager.upsert_graph(graph_name, [node("node1", ["node2"]), node("node2")], {},
                                             validation_timeout=30)
    checks.check("node1 -> node2 is VALID again after the rejected update",
                 third.get("validation_status") == "VALID", third)


async def invalid_in_background(checks, args, namespace):
    state_manager = StateManager(namespace=namespace, state_manager_uri=args.uri, key=args.key)
    graph_name = f"compat-invalid-{uuid.uuid4().hex[:8]}"
    nodes = [GraphNodeModel(node_name="CompatNeverRegistered", namespace=namespace, identifier="only",
                            inputs={"message": "hi"})]
    try:
        await state_manager.upsert_graph(graph_name, nodes, {}, validation_timeout=30)
        checks.check("a graph using an unregistered node ends INVALID", False, "upsert_graph did not raise")
    except Exception as error:
        text = str(error)
        checks.check("a graph using an unregistered node ends INVALID (SDK polls PENDING -> INVALID)",
                     text.startswith("Graph validation failed: INVALID and errors: [") and
                     "CompatNeverRegistered" in text, text)


async def cron_fires(checks, args, namespace):
    state_manager = StateManager(namespace=namespace, state_manager_uri=args.uri, key=args.key)
    graph_name = f"compat-cron-{uuid.uuid4().hex[:8]}"
    nodes = [GraphNodeModel(node_name="CompatPrint", namespace=namespace, identifier="tick",
                            inputs={"message": "from cron"})]
    await state_manager.upsert_graph(graph_name, nodes, {}, triggers=[CronTrigger(expression="* * * * *")],
                                     validation_timeout=30)
    print("waiting for the every-minute cron trigger to start a run (up to 130 s)")
    deadline = time.monotonic() + 130
    run = None
    while time.monotonic() < deadline and (run is None or run["status"] != "SUCCESS"):
        await asyncio.sleep(2)
        page = await runs_page(args.uri, args.key, namespace)
        run = next((r for r in page["runs"] if r["graph_name"] == graph_name), None)
    checks.check("a cron trigger given through upsert_graph starts a run that ends SUCCESS",
                 run is not None and run["status"] == "SUCCESS" and run["total_count"] == 1, run)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", default=os.environ.get("EXOSPHERE_STATE_MANAGER_URI", "http://localhost:8000"))
    parser.add_argument("--key", default=os.environ.get("EXOSPHERE_API_KEY"))
    parser.add_argument("--namespace", default=f"compat-{uuid.uuid4().hex[:8]}")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for the run")
    parser.add_argument("--with-cron", action="store_true",
                        help="also wait (up to about two minutes) for an every-minute cron trigger to fire")
    args = parser.parse_args()
    if not args.key:
        parser.error("an API key is needed: --key or EXOSPHERE_API_KEY")
    args.uri = args.uri.rstrip("/")

    print(f"exospherehost {VERSION} against {args.uri}, namespace {args.namespace}")
    checks = Checks()
    runtime = Runtime(namespace=args.namespace, name="compat-runtime",
                      nodes=[CompatSplit, CompatSecretUser, CompatSignals, CompatPrint],
                      state_manager_uri=args.uri, key=args.key, poll_interval=1)
    runtime_task = runtime.start()
    try:
        # The runtime registers its nodes first; graphs are verified against them.
        await asyncio.sleep(2)
        if runtime_task.done():
            checks.check("runtime starts and registers its nodes", False, repr(runtime_task.exception()))
        else:
            await fan_out_with_secret(checks, args, args.namespace, runtime_task)
            await signals_and_retries(checks, args, args.namespace)
            await valid_invalid_valid(checks, args, args.namespace)
            await invalid_in_background(checks, args, args.namespace)
            if args.with_cron:
                await cron_fires(checks, args, args.namespace)
    except Exception as error:
        checks.check("no unexpected exception", False, repr(error))
    finally:
        runtime_task.cancel()
        try:
            await runtime_task
        except BaseException:
            pass

    print(f"{checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
