using CoP.Functions;
using CoP.Functions.Http;
using CoP.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<SecurityHeadersMiddleware>();
builder.UseMiddleware<HttpExceptionMiddleware>();
builder.Services.AddCommunityBackend(builder.Configuration);
builder.Services.AddCommunityTelemetry(builder.Configuration);

builder.Build().Run();
