// Starts Swagger UI (loaded just before this script, from the portal's own files) on the service's
// OpenAPI document, with a layout of its operations and schemas only: the page has its own title,
// introduction and landmarks (Swagger UI's standard layout adds a second <h1> and <main>).
interface System {
  React: { createElement: (type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]) => unknown };
  getComponent: (name: string, container?: boolean) => unknown;
}
type Bundle = (options: Record<string, unknown>) => unknown;

const config = JSON.parse(document.getElementById('odp-swagger-config')?.textContent ?? '{}') as { url?: string };
const ui = (window as unknown as { SwaggerUIBundle?: Bundle }).SwaggerUIBundle;

const odpLayout = (system: System) => ({
  components: {
    OdpLayout: () => {
      const h = system.React.createElement;
      return h('div', { className: 'swagger-ui' }, h(system.getComponent('errors', true)), h(system.getComponent('operations', true)), h(system.getComponent('Models', true)));
    },
  },
});

if (ui && config.url) {
  ui({ url: config.url, dom_id: '#odp-swagger', plugins: [odpLayout], layout: 'OdpLayout', deepLinking: false, supportedSubmitMethods: [], defaultModelsExpandDepth: 0, validatorUrl: null });
}
