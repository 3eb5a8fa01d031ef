// Starts GraphiQL for claimgraph: this server's endpoints, the README's
// examples as tabs (the headline first), and `?example=N[&run]` links.
"use strict";
(function () {
  const EXAMPLES = JSON.parse(document.getElementById("claimgraph-examples").textContent);

  // Tabs are titled by operation name: give the README's anonymous queries
  // theirs, and say what each one asks in a comment on top.
  function tab(example) {
    const query = example.query.startsWith("{")
      ? "query " + example.operationName + " " + example.query
      : example.query;
    const variables = Object.keys(example.variables).length
      ? JSON.stringify(example.variables, null, 2)
      : "";
    return { query: "# " + example.title + "\n" + query, variables: variables };
  }
  const tabs = EXAMPLES.map(tab);

  // GraphiQL keeps its tabs in localStorage. Its keys get a prefix of ours,
  // so that another GraphiQL once opened on the same host and port (any
  // local project on 127.0.0.1:8000) does not show its tabs here. Tabs
  // outlive a reload, as in any GraphiQL; headers never are stored, as they
  // may hold the API key (`shouldPersistHeaders: false` below).
  const PREFIX = "claimgraph:";
  const storage = {
    getItem: (key) => localStorage.getItem(PREFIX + key),
    setItem: (key, value) => localStorage.setItem(PREFIX + key, value),
    removeItem: (key) => localStorage.removeItem(PREFIX + key),
    get length() {
      return Object.keys(localStorage).filter((key) => key.startsWith(PREFIX)).length;
    },
    clear() {
      Object.keys(localStorage)
        .filter((key) => key.startsWith(PREFIX))
        .forEach((key) => localStorage.removeItem(key));
    },
  };

  // `?example=N` opens the Nth example: GraphiQL selects its tab, or adds it
  // when the saved tabs no longer hold it. On a first visit it leads the
  // tabs, as GraphiQL opens the first one. `&run` runs it at once.
  const params = new URLSearchParams(window.location.search);
  const linked = params.has("example") ? tabs[Number(params.get("example"))] : undefined;
  const defaultTabs = linked ? [linked].concat(tabs.filter((t) => t !== linked)) : tabs;

  // The page names this server's endpoints; the fetcher wants absolute URLs.
  const here = window.location;
  const endpoints = document.body.dataset;
  const fetcher = GraphiQL.createFetcher({
    url: here.protocol + "//" + here.host + endpoints.endpoint,
    subscriptionUrl: (here.protocol === "https:" ? "wss:" : "ws:") + "//" + here.host + endpoints.subscriptions,
    // The server answers with one JSON document; no multipart streaming.
    enableIncrementalDelivery: false,
  });

  const h = React.createElement;
  const props = {
    fetcher: fetcher,
    defaultTabs: defaultTabs,
    storage: storage,
    shouldPersistHeaders: false,
    isHeadersEditorEnabled: true,
    // `defaultEditorToolsVisibility` is left to GraphiQL: the variables pane
    // opens when the opening tab has variables, else stays closed, leaving the
    // query room; its headers tab, where writes put `Authorization: Bearer …`,
    // is one click away either way.
  };
  if (linked) {
    props.query = linked.query;
    props.variables = linked.variables;
  }
  const footer = h(
    "div",
    { className: "claimgraph-footer" },
    "Examples are in the tabs; the README explains each. ",
    h("a", { href: "/playground/LICENSES.txt" }, "Licences of the playground's software"),
  );
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    h(GraphiQL, props, h(GraphiQL.Logo, null, "claimgraph"), h(GraphiQL.Footer, null, footer)),
  );

  if (params.has("run")) {
    // Runs once the editors exist (GraphiQL creates them asynchronously, and
    // ignores the button until both the query's and the result's are there).
    let tries = 0;
    const timer = setInterval(function () {
      const button = document.querySelector(".graphiql-execute-button");
      const ready = document.querySelector(".graphiql-query-editor .CodeMirror")
        && document.querySelector(".result-window .CodeMirror");
      if ((button && ready) || ++tries > 100) {
        clearInterval(timer);
        if (button) button.click();
      }
    }, 100);
  }
})();
