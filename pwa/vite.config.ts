import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import type { Plugin } from "vite";
import preact from "@preact/preset-vite";
import { VitePWA } from "vite-plugin-pwa";

// GraphiQL, the API's page at /graphql in development (schema/graphiql.html), loads its scripts and
// styles from the API, not from a CDN, so it works offline: they are copied from node_modules into
// the build at /graphiql/ (and served at the same paths by `npm run dev`). Kept out of the service
// worker's precache: the app never uses them.
const GRAPHIQL: Record<string, string> = {
  "react.production.min.js": "react/umd/react.production.min.js",
  "react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
  "graphiql.min.js": "graphiql/graphiql.min.js",
  "graphiql.min.css": "graphiql/graphiql.min.css",
};

function graphiqlAssets(): Plugin {
  const read = (name: string) => readFileSync(fileURLToPath(new URL(`node_modules/${GRAPHIQL[name]}`, import.meta.url)));
  return {
    name: "village-graphiql-assets",
    generateBundle() {
      for (const name of Object.keys(GRAPHIQL)) this.emitFile({ type: "asset", fileName: `graphiql/${name}`, source: read(name) });
    },
    configureServer(server) {
      server.middlewares.use("/graphiql", (req, res, next) => {
        const name = (req.url ?? "").replace(/^\//, "").split("?")[0];
        if (!(name in GRAPHIQL)) return next();
        res.setHeader("Content-Type", name.endsWith(".css") ? "text/css" : "text/javascript");
        res.end(read(name));
      });
    },
  };
}

// The API serves dist/ at / (same origin as /graphql); `npm run dev` proxies /graphql to it.
export default defineConfig({
  plugins: [
    preact(),
    graphiqlAssets(),
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src/sw",
      filename: "sw.ts",
      injectRegister: false,
      registerType: "prompt",
      injectManifest: { globPatterns: ["**/*.{js,css,html,svg,png,webmanifest,woff2}"], globIgnores: ["graphiql/**"] },
      manifest: {
        name: "Village",
        short_name: "Village",
        description: "Families helping families at your school: share strengths, ask for help.",
        lang: "en",
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#fffaf3",
        theme_color: "#2f5d50",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
    }),
  ],
  build: { target: "es2022", sourcemap: false },
  server: { proxy: { "/graphql": { target: "http://127.0.0.1:8000", ws: true } } },
  test: { environment: "happy-dom", include: ["src/**/*.test.{ts,tsx}"] },
});
