using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoP.Tests.Browser;

/// <summary>
/// Chromium keeps the cookies the member pages set (<c>Secure; HttpOnly; SameSite=Lax</c>, with and without the
/// <c>__Host-</c> prefix) from a plain-http loopback address and sends them back: it takes http://127.0.0.1 and
/// http://localhost as secure contexts. So <see cref="FunctionsTestHost.BaseAddress"/> can be the address it is bound to.
/// </summary>
public sealed class BrowserCookieTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task SecureAndHostPrefixedCookiesAreKeptAndSentBackOverPlainHttpFromLoopback(string hostName)
    {
        await using var server = await CookieServerAsync();
        var port = new Uri(server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;
        var origin = $"http://{hostName}:{port}";
        await using var context = await browser.NewContextAsync(new Uri(origin));
        var page = await context.NewPageAsync();

        await page.GotoAsync("/set");
        await page.GotoAsync("/echo");

        var names = (await context.CookiesAsync([origin])).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["__Host-session", "session"], names);
        Assert.Equal("__Host-session=1; session=1", string.Join("; ", (await page.InnerTextAsync("body")).Split("; ").Order(StringComparer.Ordinal)));
    }

    private static async Task<WebApplication> CookieServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = builder.Build();
        server.MapGet("/set", (HttpContext http) =>
        {
            http.Response.Headers.Append("Set-Cookie", "session=1; Path=/; Secure; HttpOnly; SameSite=Lax");
            http.Response.Headers.Append("Set-Cookie", "__Host-session=1; Path=/; Secure; HttpOnly; SameSite=Lax");
            return Results.Text("<!doctype html><title>cookies</title>", "text/html");
        });
        server.MapGet("/echo", (HttpContext http) => Results.Text($"<!doctype html><title>cookies</title><body>{http.Request.Headers.Cookie}</body>", "text/html"));
        await server.StartAsync();
        return server;
    }
}
