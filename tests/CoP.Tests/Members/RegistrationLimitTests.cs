using System.Net;
using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.TestSupport;
using Microsoft.AspNetCore.Http;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

/// <summary>
/// Limits that do not depend on the address: per client address and for the whole service, counted before anything is
/// queued, answered alike for known and unknown addresses.
/// </summary>
public sealed class RegistrationLimitTests(StorageFixture storage)
{
    private static readonly IPAddress Script = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Neighbour = IPAddress.Parse("198.51.100.20");

    [Fact]
    public async Task ABurstOfTwoHundredRegistrationsFromOneClientSendsNoMoreMailsThanTheLimitAndAnswers429AfterIt()
    {
        await using var app = TestApp.Create(storage, Limits(perClient: 10, global: 1000));
        var known = await KnownMembersAsync(app, 3);
        var mailsBefore = app.Outbox().Count;

        // Every fifth address is a member's: the script cannot tell them apart by the answers.
        var addresses = Enumerable.Range(0, 200).Select(i => i % 5 == 0 ? known[i % known.Count] : $"stranger{i}@example.org").ToList();
        var answers = await Task.WhenAll(addresses.Select(address => PostAsync(app, "/api/registrations", Registration(address), Script)));
        await app.DeliverQueuedMailAsync(Ct);

        Assert.Equal(10, answers.Count(a => a.Status == 202));
        var limited = answers.Where(a => a.Status == 429).ToList();
        Assert.Equal(190, limited.Count);
        Assert.Single(limited.Select(a => a.Body).Distinct());
        Assert.All(limited, a =>
        {
            Assert.Equal("application/problem+json", a.ContentType);
            Assert.InRange(int.Parse(a.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        });
        Assert.InRange(app.Outbox().Count - mailsBefore, 1, 10);

        // Another client is not held back by this one.
        Assert.Equal(202, (await PostAsync(app, "/api/registrations", Registration("neighbour@example.org"), Neighbour)).Status);
    }

    [Fact]
    public async Task AccessLinkRequestsShareTheLimitAndAnswerAlikeForKnownAndUnknownAddresses()
    {
        await using var app = TestApp.Create(storage, Limits(perClient: 4, global: 1000));
        var known = (await KnownMembersAsync(app, 1))[0];

        var answers = new List<TestResponse>();
        foreach (var address in new[] { known, "nobody@example.org", known, "nobody@example.org", known, "nobody@example.org" })
        {
            answers.Add(await PostAsync(app, "/api/members/access-link", new { email = address }, Script));
        }

        Assert.Equal([202, 202, 202, 202, 429, 429], answers.Select(a => a.Status));
        Assert.Equal(answers[0].Body, answers[1].Body);
        Assert.Equal(answers[4].Body, answers[5].Body);
        // Both say "until the hour ends"; a second may pass between the two answers.
        var retryAfter = answers[4..].Select(a => int.Parse(a.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(retryAfter[0] - retryAfter[1], 0, 2);
    }

    [Fact]
    public async Task TheGlobalCapHoldsAcrossClients()
    {
        await using var app = TestApp.Create(storage, Limits(perClient: 5, global: 5));

        var statuses = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            var client = IPAddress.Parse($"192.0.2.{i + 1}");
            statuses.Add((await PostAsync(app, "/api/registrations", Registration($"person{i}@example.org"), client)).Status);
        }

        Assert.Equal([202, 202, 202, 202, 202, 429, 429, 429], statuses);
    }

    [Fact]
    public async Task ABrowserOverTheLimitGetsAPageThatSaysWhenToTryAgain()
    {
        await using var app = TestApp.Create(storage, Limits(perClient: 1, global: 1000));
        await PostAsync(app, "/api/registrations", Registration("first@example.org"), Script);
        var form = TestRequests.Form(app.Services, "POST", "/api/registrations", [new("email", "second@example.org"), new("name", "Second"), new("consent", "on")])
            .Accepting("text/html");
        form.HttpContext.Connection.RemoteIpAddress = Script;

        var page = await ExecuteAsync(form, app.Function<RegisterMemberFunction>().RegisterMember(form, Ct));

        Assert.Equal(429, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains("try again in", page.Body, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(page.Headers.RetryAfter.ToString()));
        Assert.Equal(1, await app.QueuedMailCountAsync(Ct));
    }

    [Fact]
    public async Task InvalidRequestsAndBotsUseNoneOfTheLimit()
    {
        await using var app = TestApp.Create(storage, Limits(perClient: 2, global: 1000));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(400, (await PostAsync(app, "/api/registrations", new { email = "not an address", name = "X", consent = true }, Script)).Status);
            Assert.Equal(202, (await PostAsync(app, "/api/registrations", new { email = $"bot{i}@example.org", name = "Bot", consent = true, website = "spam" }, Script)).Status);
        }

        Assert.Equal(202, (await PostAsync(app, "/api/registrations", Registration("person@example.org"), Script)).Status);
        Assert.Equal(202, (await PostAsync(app, "/api/registrations", Registration("other@example.org"), Script)).Status);
        Assert.Equal(429, (await PostAsync(app, "/api/registrations", Registration("third@example.org"), Script)).Status);
    }

    private static Dictionary<string, string?> Limits(int perClient, int global) => new()
    {
        ["Limits:PerClientPerHour"] = perClient.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:GlobalMailsPerHour"] = global.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Confirmed members, registered from an address of their own so that the script's count starts at zero.</summary>
    private static async Task<List<string>> KnownMembersAsync(TestApp app, int count)
    {
        var addresses = Enumerable.Range(0, count).Select(i => $"member{i}@example.org").ToList();
        var tokens = app.Get<MemberTokenService>();
        foreach (var address in addresses)
        {
            await PostAsync(app, "/api/registrations", Registration(address), IPAddress.Parse("192.0.2.200"));
            await app.DeliverQueuedMailAsync(Ct);
            var member = (await MemberByEmailAsync(app, address))!;
            Assert.Equal(200, (await ConfirmAsync(app, tokens.Issue(member, TokenPurpose.Confirm))).Status);
        }

        return addresses;
    }

    private static async Task<TestResponse> PostAsync(TestApp app, string path, object body, IPAddress client)
    {
        var request = app.Json("POST", path, body);
        request.HttpContext.Connection.RemoteIpAddress = client;
        Task<IResult> call = path == "/api/registrations"
            ? app.Function<RegisterMemberFunction>().RegisterMember(request, Ct)
            : app.Function<RequestAccessLinkFunction>().RequestAccessLink(request, Ct);
        return await DeliveredAsync(app, await ExecuteAsync(request, call), deliver: path != "/api/registrations");
    }
}
