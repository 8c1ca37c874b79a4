// Ours: starts the vendored GraphiQL on the development page served by api/graphiql.py.
"use strict";
(function () {
  // The page's Content-Security-Policy admits inline <style> elements only with this nonce; GraphiQL's
  // dialogs (react-remove-scroll) read it from this global when they add one.
  window.__webpack_nonce__ = document.currentScript.nonce;

  var DEFAULT_QUERY = [
    "# BHYT HSSV GraphQL API (development only)",
    "#",
    "# 1. Run this (the play button, Ctrl-Enter):",
    "#    it logs in as a demo user.",
    "# 2. Paste the token into the Headers tab:",
    '#    {"Authorization": "Bearer <token>"}',
    "# 3. Then ask as that user, e.g.",
    "#    { me { username grants { role } } }",
    "",
    "mutation Login {",
    '  login(username: "province-79", password: "demo") {',
    "    token",
    "    user {",
    "      username",
    "      fullName",
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");

  var fetcher = GraphiQL.createFetcher({ url: "/graphql" });

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: DEFAULT_QUERY,
      defaultEditorToolsVisibility: "headers",
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    }),
  );
})();
