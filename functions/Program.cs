using CoP.Functions;
using CoP.Functions.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<SecurityHeadersMiddleware>();
builder.UseMiddleware<HttpExceptionMiddleware>();
builder.Services.AddCommunityBackend(builder.Configuration);

builder.Build().Run();
