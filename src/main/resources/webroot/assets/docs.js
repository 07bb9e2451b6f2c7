// Swagger UI (org.webjars:swagger-ui, served by the service itself) over /openapi.yaml.
window.ui = SwaggerUIBundle({
  url: '/openapi.yaml',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
  presets: [SwaggerUIBundle.presets.apis],
  requestInterceptor: request => {
    // the dashboard's stored read token, if any, for "Try it out" on the query routes
    const token = localStorage.getItem('scenery.readToken');
    if (token && !request.headers.Authorization && request.url.indexOf('/v1/apps/') >= 0) {
      request.headers.Authorization = 'Bearer ' + token;
    }
    return request;
  },
});
