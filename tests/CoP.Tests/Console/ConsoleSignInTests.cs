using System.Net;
using CoP.Shared.Console;
using CoP.Tests.Browser;
using static CoP.Tests.Console.ConsoleClient;

namespace CoP.Tests.Console;

/// <summary>
/// Signing in to the console over real HTTP: a mailed link that works once, only through its page's button, for an
/// operator named by the setting; a session cookie that only the console's paths get; signing out ends it.
/// </summary>
public sealed class ConsoleSignInTests(StorageFixture storage)
{
    [Fact]
    public async Task AnOperatorSignsInFromTheMailedLinkAndTheSignInIsAudited()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var overview = await client.GetAsync("/api/console");
        var html = await overview.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("se…@example.org", html, StringComparison.Ordinal);
        Assert.DoesNotContain(OperatorEmail, html, StringComparison.Ordinal);
        var audit = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).ToListAsync(Ct);
        var signIn = Assert.Single(audit);
        Assert.Equal("console.sign-in", signIn.Action);
        Assert.Equal("se…@example.org", signIn.OperatorLabel);
    }

    [Fact]
    public async Task TheSessionCookieIsHttpOnlySecureStrictAndOnlyForTheConsole()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = Anonymous(host);
        var link = await client.RequestLinkAsync(OperatorEmail);

        using var opened = await client.PostAsync("/api/console/session", new() { ["token"] = TokenOf(link!) }, withFormToken: false);
        var cookie = SetCookieOf(opened, "cop-console")!.ToLowerInvariant();

        Assert.Equal("/api/console", opened.Headers.Location?.ToString());
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/api/console", cookie, StringComparison.Ordinal);
        var expires = DateTimeOffset.Parse(cookie.Split("expires=")[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(7.9), TimeSpan.FromHours(8));
    }

    [Fact]
    public async Task TheSignInAnswersTheSameForAnOperatorAndAStrangerAndOnlyTheOperatorGetsMail()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = Anonymous(host);

        var answers = new List<(HttpStatusCode Status, string? Location, string Body)>();
        foreach (var email in new[] { OperatorEmail, "stranger@example.org", "SECRETARIAT@Example.org" })
        {
            using var asked = await client.PostAsync("/api/console/sign-in", new() { ["email"] = email }, withFormToken: false);
            answers.Add((asked.StatusCode, asked.Headers.Location?.ToString(), await asked.Content.ReadAsStringAsync(Ct)));
        }

        var mails = await host.DeliverMailAsync(Ct);
        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
        Assert.Equal((HttpStatusCode.SeeOther, "/api/console/sign-in?sent=1", ""), answers[0]);
        Assert.Equal(2, mails.Count(m => string.Equals(m.To, OperatorEmail, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(mails, m => m.To == "stranger@example.org");
        Assert.DoesNotContain(host.App.Logs.Entries, entry => entry.AllText.Contains("secretariat", StringComparison.OrdinalIgnoreCase) || entry.AllText.Contains("stranger", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task WhatIsNotAnAddressIsRefusedOnTheFormAndNothingIsMailed()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = Anonymous(host);

        using var asked = await client.PostAsync("/api/console/sign-in", new() { ["email"] = "<script>alert(1)</script>" }, withFormToken: false);
        var html = await asked.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Empty(await host.DeliverMailAsync(Ct));
    }

    [Fact]
    public async Task OpeningTheLinkUsesNothingSoALinkScannerSignsNobodyIn()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var scanner = Anonymous(host);
        var link = await scanner.RequestLinkAsync(OperatorEmail);

        using var first = await scanner.GetAsync(link!.PathAndQuery);
        using var second = await scanner.GetAsync(link.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Null(CookieOf(first, "cop-console"));
        Assert.Empty(await host.App.Get<OperatorAudit>().ListAllAsync(Ct).ToListAsync(Ct));
        using var opened = await scanner.PostAsync("/api/console/session", new() { ["token"] = TokenOf(link) }, withFormToken: false);
        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
    }

    [Fact]
    public async Task TheLinkWorksOnceEvenWhenItsButtonIsPressedTwiceAtOnce()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = Anonymous(host);
        var token = TokenOf((await client.RequestLinkAsync(OperatorEmail))!);

        var presses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync("/api/console/session", new() { ["token"] = token }, withFormToken: false)));
        using var again = await client.GetAsync($"/api/console/session?token={token}");

        Assert.Equal(1, presses.Count(p => p.StatusCode == HttpStatusCode.SeeOther));
        Assert.Equal(3, presses.Count(p => p.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(1, presses.Count(p => CookieOf(p, "cop-console") is not null));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        foreach (var press in presses)
        {
            press.Dispose();
        }
    }

    [Fact]
    public async Task TheLinkExpiresAfterFifteenMinutes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, time, Ct);
        using var client = Anonymous(host);
        var token = TokenOf((await client.RequestLinkAsync(OperatorEmail))!);

        time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        using var opened = await client.PostAsync("/api/console/session", new() { ["token"] = token }, withFormToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, opened.StatusCode);
        Assert.Null(CookieOf(opened, "cop-console"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("v2.local1.AAAA")]
    public async Task AnyOtherTokenOpensNoSession(string token)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = Anonymous(host);

        using var page = await client.GetAsync($"/api/console/session?token={Uri.EscapeDataString(token)}");
        using var opened = await client.PostAsync("/api/console/session", new() { ["token"] = token }, withFormToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, opened.StatusCode);
        Assert.Null(CookieOf(opened, "cop-console"));
    }

    [Fact]
    public async Task SigningOutEndsTheSessionAtOnceAndIsAudited()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var signedOut = await client.PostAsync("/api/console/sign-out", []);
        using var after = await client.GetAsync("/api/console");

        Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
        Assert.Equal("/api/console/sign-in?signedOut=1", signedOut.Headers.Location?.ToString());
        Assert.Contains("expires=Thu, 01 Jan 1970", SetCookieOf(signedOut, "cop-console"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, after.StatusCode);
        Assert.Equal("/api/console/sign-in", after.Headers.Location?.ToString());
        var actions = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(["console.sign-out", "console.sign-in"], actions);
    }

    [Fact]
    public async Task AnOperatorRemovedFromTheSettingLosesTheirSessionAtOnce()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var app = host.App;
        var narrower = new OperatorDirectory(
            Microsoft.Extensions.Options.Options.Create(new ConsoleOptions { Operators = "second.operator@example.org" }), app.Get<CoP.Shared.Privacy.Pseudonymizer>());
        var access = new ConsoleAccess(
            app.Get<Azure.Data.Tables.TableServiceClient>(), app.Get<CoP.Shared.Storage.StorageNames>(), app.Get<CoP.Shared.Email.Queue.QueuedMail>(),
            app.Get<CoP.Shared.Limits.RequestLimiter>(), narrower, app.Get<Microsoft.Extensions.Options.IOptions<ConsoleOptions>>(), TimeProvider.System);

        Assert.NotNull(await app.Get<ConsoleAccess>().AuthenticateAsync(client.Session, Ct));
        Assert.Null(await access.AuthenticateAsync(client.Session, Ct));
    }

    [Fact]
    public async Task WithPlatformSignInRequiredASessionCountsOnlyBesideThePlatformsPrincipal()
    {
        var settings = new Dictionary<string, string?>(Settings) { ["Console:RequirePlatformSignIn"] = "true" };
        await using var host = await FunctionsTestHost.StartAsync(storage, settings, cancellationToken: Ct);
        using var client = Anonymous(host);
        var link = await client.RequestLinkAsync(OperatorEmail);
        using var opened = await client.PostAsync("/api/console/session", new() { ["token"] = TokenOf(link!) }, withFormToken: false);
        client.Session = CookieOf(opened, "cop-console");

        using var without = await client.GetAsync("/api/console");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/console");
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL-ID", "00000000-0000-0000-0000-000000000001");
        using var with = await client.SendAsync(request);

        Assert.NotNull(client.Session);
        Assert.Equal(HttpStatusCode.SeeOther, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }
}
