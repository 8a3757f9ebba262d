using System.Globalization;
using CoP.Functions.Polls;
using CoP.Shared.Members;
using CoP.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Polls;

/// <summary>The poll routes driven the way operators, members and browsers drive them, for the tests of this folder.</summary>
internal static class PollTestFlows
{
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A test app whose clock stands at <see cref="Start"/> until the test moves it.</summary>
    public static (TestApp App, FakeTimeProvider Time) CreateApp(StorageFixture storage, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(Start);
        return (TestApp.Create(storage, settings, time: time), time);
    }

    /// <summary>A valid definition that a test changes field by field (null removes a field).</summary>
    public static Dictionary<string, object?> Definition(
        string kind = "single", string visibility = "always", int minBallots = 1, int optionCount = 3, Action<Dictionary<string, object?>>? change = null)
    {
        var definition = new Dictionary<string, object?>
        {
            ["question"] = "Which topic should the next cycle prioritise?",
            ["description"] = "Pick what matters most for your work.",
            ["options"] = Enumerable.Range(0, optionCount).Select(i => new Dictionary<string, object?> { ["id"] = ((char)('a' + i)).ToString(), ["label"] = $"Option {(char)('A' + i)}" }).ToList(),
            ["kind"] = kind,
            ["closesAt"] = Start.AddDays(7),
            ["resultsVisibility"] = visibility,
            ["minBallots"] = minBallots,
        };
        change?.Invoke(definition);
        foreach (var key in definition.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            definition.Remove(key);
        }

        return definition;
    }

    public static async Task<TestResponse> CreateAsync(TestApp app, object definition)
    {
        var request = app.Json("POST", "/api/manage/polls", definition);
        return await TestResponse.ExecuteAsync(await app.Function<CreatePollFunction>().CreatePoll(request, Ct), request);
    }

    public static async Task<TestResponse> CreateRawAsync(TestApp app, string body, string? contentType)
    {
        var request = app.Raw("POST", "/api/manage/polls", body, contentType);
        return await TestResponse.ExecuteAsync(await app.Function<CreatePollFunction>().CreatePoll(request, Ct), request);
    }

    /// <summary>Creates a poll and returns its id.</summary>
    public static async Task<string> PollAsync(TestApp app, object definition)
    {
        var response = await CreateAsync(app, definition);
        Assert.True(response.Status == 201, response.Body);
        return response.Json().GetProperty("pollId").GetString()!;
    }

    public static async Task<TestResponse> VoteAsync(TestApp app, string pollId, string? token, params string[] choices) =>
        await VoteRawAsync(app, pollId, token, System.Text.Json.JsonSerializer.Serialize(new { choices }), "application/json");

    public static async Task<TestResponse> VoteRawAsync(TestApp app, string pollId, string? token, string body, string? contentType)
    {
        var request = app.Raw("POST", $"/api/polls/{pollId}/ballots", body, contentType);
        if (token is not null)
        {
            request.WithHeader("Authorization", $"Bearer {token}");
        }

        return await TestResponse.ExecuteAsync(await app.Function<CastBallotFunction>().CastBallot(request, pollId, Ct), request);
    }

    public static async Task<TestResponse> VoteFormAsync(TestApp app, string pollId, IEnumerable<KeyValuePair<string, string>> fields, bool browser = true)
    {
        var request = TestRequests.Form(app.Services, "POST", $"/api/polls/{pollId}/ballots", fields);
        if (browser)
        {
            request.Accepting("text/html");
        }

        return await TestResponse.ExecuteAsync(await app.Function<CastBallotFunction>().CastBallot(request, pollId, Ct), request);
    }

    public static async Task<TestResponse> ResultsAsync(TestApp app, string pollId, string? token = null)
    {
        var request = app.Get($"/api/polls/{pollId}/results");
        if (token is not null)
        {
            request.WithHeader("Authorization", $"Bearer {token}");
        }

        return await TestResponse.ExecuteAsync(await app.Function<GetPollResultsFunction>().GetPollResults(request, pollId, Ct), request);
    }

    public static async Task<TestResponse> ExportAsync(TestApp app, string pollId, string? format = null)
    {
        var request = app.Get($"/api/manage/polls/{pollId}/results" + (format is null ? "" : $"?format={format}"));
        return await TestResponse.ExecuteAsync(await app.Function<ExportPollResultsFunction>().ExportPollResults(request, pollId, Ct), request);
    }

    public static async Task<TestResponse> CloseAsync(TestApp app, string pollId)
    {
        var request = app.Raw("POST", $"/api/manage/polls/{pollId}/close", "", null);
        return await TestResponse.ExecuteAsync(await app.Function<ClosePollFunction>().ClosePoll(request, pollId, Ct), request);
    }

    public static async Task<TestResponse> GetAsync(TestApp app, string pollId)
    {
        var request = app.Get($"/api/polls/{pollId}");
        return await TestResponse.ExecuteAsync(await app.Function<GetPollFunction>().GetPoll(request, pollId, Ct), request);
    }

    public static async Task<TestResponse> ListAsync(TestApp app)
    {
        var request = app.Get("/api/polls");
        return await TestResponse.ExecuteAsync(await app.Function<ListPollsFunction>().ListPolls(request, Ct), request);
    }

    /// <summary>
    /// A member written straight to the store (the HTTP registration flow is covered by the membership
    /// tests and is too slow for hundreds of voters), with an access token. Confirmed a day before the app's clock
    /// unless the test says when, so eligible in the polls the test opens from now on.
    /// </summary>
    public static async Task<(string MemberId, string Token)> MemberAsync(
        TestApp app, MemberStatus status = MemberStatus.Confirmed, DateTimeOffset? confirmedAt = null)
    {
        var id = MemberStore.NewMemberId();
        var now = app.Get<TimeProvider>().GetUtcNow();
        var member = new MemberEntity
        {
            PartitionKey = id,
            EmailKey = "key-" + id,
            Email = $"voter-{id}@example.org",
            Name = "Voter",
            Status = status.ToString(),
            CreatedAt = now.AddDays(-2),
            ConfirmedAt = status == MemberStatus.Confirmed ? confirmedAt ?? now.AddDays(-1) : null,
        };
        Assert.True(await app.Get<MemberStore>().TryAddAsync(member, Ct));
        return (id, app.Get<MemberTokenService>().Issue(id, 0, TokenPurpose.Account));
    }

    /// <summary>The member's vote link token for one poll, as a newsletter carries it (it outlives an account token).</summary>
    public static string VoteToken(TestApp app, string memberId, string pollId) =>
        app.Get<MemberTokenService>().Issue(memberId, 0, TokenPurpose.Vote, pollId);

    /// <summary>Votes per option id from a results body.</summary>
    public static Dictionary<string, int> Votes(TestResponse results) =>
        results.Json().GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("id").GetString()!, o => o.GetProperty("votes").GetInt32());
}
