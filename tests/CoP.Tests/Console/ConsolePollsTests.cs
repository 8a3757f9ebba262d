using System.Globalization;
using System.Net;
using System.Text.Json;
using CoP.Shared.Console;
using CoP.Shared.Polls;
using CoP.Tests.Browser;
using static CoP.Tests.Console.ConsoleClient;

namespace CoP.Tests.Console;

/// <summary>
/// The console's polls area over real HTTP: polls created through the form are the polls of the JSON routes (the same
/// rules, the same service), refused forms store nothing and name the field, closing early is audited and harmless twice,
/// and the CSV is the manage route's.
/// </summary>
public sealed class ConsolePollsTests(StorageFixture storage)
{
    private const string SomePoll = "0123456789abcdef0123456789abcdef";

    /// <summary>Every route of the polls area, for <see cref="ConsoleAccessTests"/>.</summary>
    public static readonly (string Method, string Path)[] AccessRoutes =
    [
        ("GET", "/api/console/polls"),
        ("POST", "/api/console/polls"),
        ("GET", "/api/console/polls/new"),
        ("GET", $"/api/console/polls/{SomePoll}"),
        ("GET", $"/api/console/polls/{SomePoll}/results.csv"),
        ("POST", $"/api/console/polls/{SomePoll}/close"),
    ];

    public static TheoryData<string> Kinds() => new("single", "multiple", "ranked");

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task APollCreatedThroughTheFormIsListedForMembersWithItsOptions(string kind)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        var pollId = await CreateAsync(client, Form(kind, "Soil carbon", "Biochar pilots", "Café & finance"));

        using (var page = await client.GetAsync($"/api/console/polls/{pollId}?created=1"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync(Ct);
            Assert.Contains("The poll is created.", html, StringComparison.Ordinal);
            Assert.Contains($"/api/console/polls/{pollId}/results.csv", html, StringComparison.Ordinal);
            Assert.Contains($"action=\"/api/console/polls/{pollId}/close\"", html, StringComparison.Ordinal);
        }

        using var members = host.Client();
        using var listed = JsonDocument.Parse(await members.GetStringAsync(new Uri("api/polls", UriKind.Relative), Ct));
        var poll = Assert.Single(listed.RootElement.GetProperty("polls").EnumerateArray(), p => p.GetProperty("pollId").GetString() == pollId);
        Assert.Equal(kind, poll.GetProperty("kind").GetString());
        Assert.Equal("open", poll.GetProperty("state").GetString());
        Assert.Equal(
            [("soil-carbon", "Soil carbon"), ("biochar-pilots", "Biochar pilots"), ("cafe-finance", "Café & finance")],
            poll.GetProperty("options").EnumerateArray().Select(o => (o.GetProperty("id").GetString(), o.GetProperty("label").GetString())).ToArray());
        var audit = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Where(e => e.Action == "poll.create").ToListAsync(Ct);
        Assert.Equal(pollId, Assert.Single(audit).Target);
        Assert.Equal(kind, audit[0].Detail);
    }

    [Fact]
    public async Task EveryFieldOfTheDefinitionIsTakenFromTheForm()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var opens = DateTime.UtcNow.AddDays(2).Date.AddHours(9);
        var fields = Form("multiple", "A", "B", "C", "D");
        fields["description"] = "Two lines\nof context.";
        fields["minChoices"] = "2";
        fields["maxChoices"] = "3";
        fields["opensAt"] = Local(opens);
        fields["closesAt"] = Local(opens.AddDays(10));
        fields["eligibleConfirmedBefore"] = Local(opens.AddDays(-1));
        fields["resultsVisibility"] = "admins";
        fields["minBallots"] = "12";

        var poll = (await host.App.Get<PollService>().GetAsync(await CreateAsync(client, fields), Ct))!;

        Assert.Equal(("Two lines\nof context.", PollKind.MultipleChoice, 2, 3), (poll.Description, poll.Kind, poll.MinChoices, poll.MaxChoices));
        Assert.Equal(new DateTimeOffset(opens, TimeSpan.Zero), poll.OpensAt);
        Assert.Equal(new DateTimeOffset(opens.AddDays(10), TimeSpan.Zero), poll.ClosesAt);
        Assert.Equal(new DateTimeOffset(opens.AddDays(-1), TimeSpan.Zero), poll.EligibleConfirmedBefore);
        Assert.Equal((ResultsVisibility.Admins, 12), (poll.Visibility, poll.MinBallots));

        // Scheduled, it is on the console's list though not yet on the members'.
        using var list = await client.GetAsync("/api/console/polls");
        var html = await list.Content.ReadAsStringAsync(Ct);
        Assert.Contains($"/api/console/polls/{poll.PollId}\"", html, StringComparison.Ordinal);
        Assert.Contains("Scheduled", html, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> RefusedForms() => new()
    {
        { "empty question", "question" },
        { "one option", "options" },
        { "21 options", "options" },
        { "a control character in the question", "question" },
        { "a direction override in an option", "option-1-label" },
        { "closes before it opens", "closesAt" },
        { "a kind that is none", "kind" },
        { "a number that is none", "minBallots" },
        { "a time that is none", "opensAt" },
        { "an unknown topic", "option-0-topic" },
    };

    [Theory]
    [MemberData(nameof(RefusedForms))]
    public async Task ARefusedFormNamesTheFieldKeepsTheValuesAndCreatesNothing(string refusal, string field)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var fields = Form("single", "Biochar", "Monitoring", "Finance");
        switch (refusal)
        {
            case "empty question": fields["question"] = "  "; break;
            case "one option": fields.Remove("options[1].label"); fields.Remove("options[2].label"); break;
            case "21 options":
                for (var i = 3; i < 21; i++)
                {
                    fields[$"options[{i}].label"] = $"o{i}";
                }

                break;
            case "a control character in the question": fields["question"] = "Which theme?\u0007"; break;
            case "a direction override in an option": fields["options[1].label"] = "Monitoring \u202Egnp.exe"; break;
            case "closes before it opens": fields["opensAt"] = Local(DateTime.UtcNow.AddDays(9)); break;
            case "a kind that is none": fields["kind"] = "plurality"; break;
            case "a number that is none": fields["minBallots"] = "five"; break;
            case "a time that is none": fields["opensAt"] = "tomorrow"; break;
            case "an unknown topic": fields["options[0].topic"] = "no-such-topic"; break;
        }

        using var answer = await client.PostAsync("/api/console/polls", fields);
        var html = await answer.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"#{field switch { "options" => "option-0-label", "kind" => "kind-single", _ => field }}\"", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Biochar\"", html, StringComparison.Ordinal);
        Assert.Empty(await host.App.Get<PollStore>().ListAllAsync(Ct));
        Assert.DoesNotContain(await host.App.Get<OperatorAudit>().ListAllAsync(Ct).ToListAsync(Ct), e => e.Action.StartsWith("poll.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FiveHundredOptionsAreRefusedAsAProblemAndCreateNothing()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var fields = Form("single", [.. Enumerable.Range(0, 500).Select(i => $"o{i}")]);

        // More fields than any poll form has: the form reader refuses the body before anything reads it.
        using var answer = await client.PostAsync("/api/console/polls", fields);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"body\"", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(await host.App.Get<PollStore>().ListAllAsync(Ct));
    }

    [Fact]
    public async Task MarkupIsKeptAsTextAndNeverRenderedAsMarkup()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var fields = Form("single", "<b>Bold</b>", "Plain");
        fields["question"] = "<script>alert(1)</script>";

        var pollId = await CreateAsync(client, fields);

        foreach (var path in new[] { "/api/console/polls", $"/api/console/polls/{pollId}" })
        {
            using var page = await client.GetAsync(path);
            var html = await page.Content.ReadAsStringAsync(Ct);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>Bold", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ClosingEarlyStopsTheVoteAndASecondCloseOnlySaysSo()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var pollId = await CreateAsync(client, Form("ranked", "A", "B", "C"));

        using (var closed = await client.PostAsync($"/api/console/polls/{pollId}/close", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, closed.StatusCode);
            Assert.Equal($"/api/console/polls/{pollId}?closed=1", closed.Headers.Location?.ToString());
        }

        using (var again = await client.PostAsync($"/api/console/polls/{pollId}/close", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
            Assert.Equal($"/api/console/polls/{pollId}?closed=already", again.Headers.Location?.ToString());
        }

        using var page = await client.GetAsync($"/api/console/polls/{pollId}?closed=already");
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("The poll was already closed; nothing changed.", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/api/console/polls/{pollId}/close", html, StringComparison.Ordinal);
        var poll = (await host.App.Get<PollService>().GetAsync(pollId, Ct))!;
        Assert.Equal(PollState.Closed, poll.StateAt(DateTimeOffset.UtcNow));
        Assert.NotNull(poll.ClosedEarlyAt);
        var closes = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Where(e => e.Action == "poll.close").ToListAsync(Ct);
        Assert.Equal([(pollId, "closed"), (pollId, "already closed")], closes.Select(e => (e.Target, e.Detail)).Order().Reverse().ToArray());
    }

    [Fact]
    public async Task TheResultsCsvIsTheManageRoutesExportAsAnAttachment()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var pollId = await CreateAsync(client, Form("single", "Biochar", "Monitoring"));

        using var csv = await client.GetAsync($"/api/console/polls/{pollId}/results.csv");
        using var keyed = host.Client(@operator: true);
        var manage = await keyed.GetByteArrayAsync(new Uri($"api/manage/polls/{pollId}/results?format=csv", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"poll-{pollId}-results.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(manage, await csv.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains("pollId,round,optionId,label,topic,votes,outcome", System.Text.Encoding.UTF8.GetString(manage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownPollIsNotFoundAndNothingIsAudited()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        foreach (var id in new[] { SomePoll, "not-a-poll-id" })
        {
            using var page = await client.GetAsync($"/api/console/polls/{id}");
            using var csv = await client.GetAsync($"/api/console/polls/{id}/results.csv");
            using var close = await client.PostAsync($"/api/console/polls/{id}/close", []);
            Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { page.StatusCode, csv.StatusCode, close.StatusCode });
        }

        using (var form = await client.GetAsync("/api/console/polls/new"))
        {
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        }

        Assert.All(await host.App.Get<OperatorAudit>().ListAllAsync(Ct).ToListAsync(Ct), e => Assert.StartsWith("console.sign-", e.Action, StringComparison.Ordinal));
    }

    [Fact]
    public void OptionIdsAreDerivedFromTheLabelsAndUnique()
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        string[] labels = ["Énergie éolienne", "Énergie éolienne", "二氧化碳", "  --  ", "A very long label that goes on and on beyond the limit"];

        var ids = labels.Select((label, i) => CoP.Functions.Console.Polls.PollForm.OptionId(label, i, taken)).ToArray();

        Assert.Equal(["energie-eolienne", "energie-eolienne-2", "option-3", "option-4", "a-very-long-label-that-goes"], ids);
        Assert.All(ids, id => Assert.True(PollRules.IsValidOptionId(id), id));
    }

    internal static Dictionary<string, string> Form(string kind, params string[] labels)
    {
        var fields = new Dictionary<string, string>
        {
            ["question"] = "Which theme for the spring workshop?",
            ["kind"] = kind,
            ["closesAt"] = Local(DateTime.UtcNow.AddDays(7)),
            ["resultsVisibility"] = "after-close",
            ["minBallots"] = "1",
        };
        for (var i = 0; i < labels.Length; i++)
        {
            fields[$"options[{i}].label"] = labels[i];
        }

        return fields;
    }

    internal static string Local(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static async Task<string> CreateAsync(ConsoleClient client, Dictionary<string, string> fields)
    {
        using var created = await client.PostAsync("/api/console/polls", fields);
        Assert.True(created.StatusCode == HttpStatusCode.SeeOther, $"creating answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(Ct)}");
        var location = created.Headers.Location?.ToString() ?? "";
        Assert.Matches("^/api/console/polls/[0-9a-f]{32}\\?created=1$", location);
        return location["/api/console/polls/".Length..^"?created=1".Length];
    }
}
