using System.Net;
using CoP.Functions.Http;
using CoP.Shared.Polls;
using static CoP.Tests.Polls.PollTestFlows;

namespace CoP.Tests.Polls;

/// <summary>
/// The poll pages as a browser walks them: a vote link becomes a session, the ranking form posts with the session's
/// form token and is answered with post/redirect/get, refused ranks come back as field errors, and the polls list
/// and results pages show every number as text.
/// </summary>
public sealed class PollPagesTests(StorageFixture storage)
{
    [Fact]
    public async Task VoteLinkBecomesASessionOfThatPollAndLeavesTheAddress()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked"));
        var (memberId, _) = await MemberAsync(app);
        var browser = new PollBrowser(app);

        var exchange = await browser.GetAsync($"/api/polls/{pollId}?token={VoteToken(app, memberId, pollId)}");

        Assert.Equal(303, exchange.Status);
        Assert.Equal($"/api/polls/{pollId}", exchange.Headers.Location.ToString());
        var cookie = exchange.Headers.SetCookie.ToString();
        Assert.Contains("cop-vote=", cookie, StringComparison.Ordinal);
        Assert.Contains($"path=/api/polls/{pollId}", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        var page = await browser.GetAsync($"/api/polls/{pollId}");
        Assert.Equal(200, page.Status);
        Assert.NotEmpty(PollBrowser.FormToken(page.Body));
    }

    [Fact]
    public async Task BallotIsRecordedAndShownWhenTheSessionPostsTheRankingForm()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked"));
        var (memberId, _) = await MemberAsync(app);
        var browser = new PollBrowser(app);
        var page = await browser.OpenAsync($"/api/polls/{pollId}?token={VoteToken(app, memberId, pollId)}");

        var posted = await browser.PostAsync($"/api/polls/{pollId}/ballots", Ranks(page.Body, ("a", "2"), ("b", ""), ("c", "1")));

        Assert.Equal(303, posted.Status);
        Assert.Equal($"/api/polls/{pollId}?voted=1", posted.Headers.Location.ToString());
        Assert.Equal(["c", "a"], Assert.Single(await BallotsAsync(app, pollId)));
        var shown = await browser.GetAsync(posted.Headers.Location.ToString());
        Assert.Equal(200, shown.Status);
        Assert.Contains("<strong>Your ballot in «Which topic should the next cycle prioritise?» is recorded:</strong>", shown.Body, StringComparison.Ordinal);
        Assert.Contains("<ol><li>Option C</li><li>Option A</li></ol>", shown.Body, StringComparison.Ordinal);
        Assert.Contains("until the poll closes on Monday 9 November 2026, 08:00 UTC", shown.Body, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/polls/{pollId}/results\"", shown.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/polls\"", shown.Body, StringComparison.Ordinal);
        // The form shows the recorded ranks, to change them.
        Assert.Contains("name=\"rank-c\"><option value=\"\">Not ranked</option><option value=\"1\" selected>", shown.Body, StringComparison.Ordinal);
        // Reloading the page after the redirect sends no ballot again.
        await browser.GetAsync(posted.Headers.Location.ToString());
        Assert.Single(await BallotsAsync(app, pollId));
    }

    public static TheoryData<string, string[], string> RefusedRanks() => new()
    {
        // the ranks of options a, b, c; the field error the page shows.
        { "duplicate", ["1", "1", ""], "rank-a" },
        { "not a number", ["x", "", ""], "rank-a" },
        { "beyond the maximum", ["1", "2", "3"], "choices" },
        { "nothing ranked", ["", "", ""], "choices" },
    };

    [Theory]
    [MemberData(nameof(RefusedRanks))]
    public async Task RanksAreRefusedWithFieldErrorsAndNothingIsRecorded(string why, string[] ranks, string field)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked", change: d => d["maxChoices"] = 2));
        var (memberId, _) = await MemberAsync(app);
        var browser = new PollBrowser(app);
        var page = await browser.OpenAsync($"/api/polls/{pollId}?token={VoteToken(app, memberId, pollId)}");

        var refused = await browser.PostAsync($"/api/polls/{pollId}/ballots", Ranks(page.Body, ("a", ranks[0]), ("b", ranks[1]), ("c", ranks[2])));

        Assert.True(refused.Status == 400, why);
        Assert.StartsWith("text/html", refused.ContentType, StringComparison.Ordinal);
        Assert.Contains("<div class=\"alert\" role=\"alert\">", refused.Body, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"#{field}\">", refused.Body, StringComparison.Ordinal);
        if (field == "choices")
        {
            Assert.Contains("<span class=\"error\" id=\"choices-error\">", refused.Body, StringComparison.Ordinal);
            Assert.Contains("aria-describedby=\"choices-hint choices-error\"", refused.Body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"<select id=\"{field}\" name=\"{field}\" aria-invalid=\"true\" aria-describedby=\"{field}-error\">", refused.Body, StringComparison.Ordinal);
        }

        // The form comes back with the session's form token and what was picked.
        Assert.Equal(PollBrowser.FormToken(page.Body), PollBrowser.FormToken(refused.Body));
        Assert.Empty(await BallotsAsync(app, pollId));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("wrong")]
    [InlineData("twice")]
    public async Task FormWithoutTheSessionsFormTokenIsRefusedAndNothingIsRecorded(string formToken)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var (memberId, _) = await MemberAsync(app);
        var browser = new PollBrowser(app);
        var page = await browser.OpenAsync($"/api/polls/{pollId}?token={VoteToken(app, memberId, pollId)}");
        var fields = new List<KeyValuePair<string, string>> { new("choices", "a") };
        if (formToken != "missing")
        {
            fields.Add(new("formToken", formToken == "wrong" ? MemberSessions.FormToken("another session") : PollBrowser.FormToken(page.Body)));
        }

        if (formToken == "twice")
        {
            fields.Add(new("formToken", PollBrowser.FormToken(page.Body)));
        }

        var refused = await browser.PostAsync($"/api/polls/{pollId}/ballots", fields);

        Assert.Equal(403, refused.Status);
        Assert.StartsWith("text/html", refused.ContentType, StringComparison.Ordinal);
        Assert.Contains("This form has expired", refused.Body, StringComparison.Ordinal);
        Assert.Empty(await BallotsAsync(app, pollId));
    }

    [Fact]
    public async Task VoteSessionOfOnePollDoesNotVoteInAnother()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollA = await PollAsync(app, Definition());
        var pollB = await PollAsync(app, Definition());
        var (memberId, _) = await MemberAsync(app);
        var browser = new PollBrowser(app);
        var page = await browser.OpenAsync($"/api/polls/{pollA}?token={VoteToken(app, memberId, pollA)}");
        // Even sent where its path does not reach, poll A's cookie is no session of poll B.
        browser.Plant("cop-vote", browser.Cookies["cop-vote"].Value, $"/api/polls/{pollB}");

        var refused = await browser.PostAsync($"/api/polls/{pollB}/ballots", [new("choices", "a"), new("formToken", PollBrowser.FormToken(page.Body))]);
        var pageB = await browser.GetAsync($"/api/polls/{pollB}");

        Assert.Equal(401, refused.Status);
        Assert.Empty(await BallotsAsync(app, pollB));
        Assert.DoesNotContain("name=\"formToken\"", pageB.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResultsPageShowsEveryCountAsTextAndAsAChart()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked", optionCount: 3));
        foreach (var ballot in new[] { new[] { "a", "b" }, ["a"], ["b", "a"], ["c", "b"], ["a", "c"] })
        {
            var (_, token) = await MemberAsync(app);
            Assert.Equal(200, (await VoteAsync(app, pollId, token, ballot)).Status);
        }

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(200, (await CloseAsync(app, pollId)).Status);

        var page = await new PollBrowser(app).GetAsync($"/api/polls/{pollId}/results");

        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains("<svg role=\"img\" aria-labelledby=\"chart-title\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-title\">Option A: 3 (60%). Option B: 1 (20%). Option C: 1 (20%). </title>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Option A</th><td>3</td><td>60%</td></tr>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Option C</th><td>1</td><td>20%</td></tr>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<rect x=\"0\" y=\"26\" width=\"60%\" height=\"18\" fill=\"#2f6b3a\"></rect>", page.Body, StringComparison.Ordinal);
        Assert.Contains("5 ballots cast.", page.Body, StringComparison.Ordinal);
        Assert.Contains("Rounds of counting", page.Body, StringComparison.Ordinal);
        Assert.Contains("Result: Option A", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", page.Body[page.Body.IndexOf("<main", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResultsPageSaysWhenTheResultsWillBeShownWhileTheyAreHidden()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var afterClose = await PollAsync(app, Definition(visibility: "after-close"));
        var afterVote = await PollAsync(app, Definition(visibility: "after-vote"));
        var (memberId, _) = await MemberAsync(app);
        var browser = new PollBrowser(app);

        var hidden = await browser.GetAsync($"/api/polls/{afterClose}/results");
        var voteFirst = await browser.GetAsync($"/api/polls/{afterVote}/results");
        var page = await browser.OpenAsync($"/api/polls/{afterVote}?token={VoteToken(app, memberId, afterVote)}");
        Assert.Equal(303, (await browser.PostAsync($"/api/polls/{afterVote}/ballots", [new("choices", "b"), new("formToken", PollBrowser.FormToken(page.Body))])).Status);
        var voted = await browser.GetAsync($"/api/polls/{afterVote}/results");

        Assert.Equal((403, 403), (hidden.Status, voteFirst.Status));
        Assert.Contains("are shown once the poll closes, on Monday 9 November 2026, 08:00 UTC.", hidden.Body, StringComparison.Ordinal);
        Assert.Contains("are shown to members who voted", voteFirst.Body, StringComparison.Ordinal);
        // The vote session counts as the voter.
        Assert.Equal(200, voted.Status);
        Assert.Contains("<tr><th scope=\"row\">Option B</th><td>1</td><td>100%</td></tr>", voted.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollsPageListsOpenAndClosedPollsWithTheirLinks()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var browser = new PollBrowser(app);
        var empty = await browser.GetAsync("/api/polls");
        var open = await PollAsync(app, Definition(kind: "multiple", change: d => d["question"] = "Open question?"));
        var closed = await PollAsync(app, Definition(change: d => d["question"] = "Closed question?"));
        Assert.Equal(200, (await CloseAsync(app, closed)).Status);

        var page = await browser.GetAsync("/api/polls");

        Assert.Contains("No poll is open right now.", empty.Body, StringComparison.Ordinal);
        Assert.Contains("No poll closed recently.", empty.Body, StringComparison.Ordinal);
        Assert.Equal(200, page.Status);
        Assert.Contains($"<a href=\"/api/polls/{open}\">Open question?</a>", page.Body, StringComparison.Ordinal);
        Assert.Contains("Several choices · closes on Monday 9 November 2026, 08:00 UTC", page.Body, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/polls/{closed}\">Closed question?</a>", page.Body, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/polls/{closed}/results\">results", page.Body, StringComparison.Ordinal);
        Assert.StartsWith("application/json", (await ListAsync(app)).ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileQuestionsAndLabelsAreEncodedOnEveryPollPage()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        const string Question = "<script>alert('q')</script> & more?";
        const string Label = "\"><img src=x onerror=alert(1)><svg onload=alert(2)>";
        var pollId = await PollAsync(app, Definition(kind: "ranked", change: d =>
        {
            d["question"] = Question;
            ((List<Dictionary<string, object?>>)d["options"]!)[0]["label"] = Label;
        }));
        var (memberId, _) = await MemberAsync(app);
        var browser = new PollBrowser(app);
        var ballot = await browser.OpenAsync($"/api/polls/{pollId}?token={VoteToken(app, memberId, pollId)}");
        var refused = await browser.PostAsync($"/api/polls/{pollId}/ballots", Ranks(ballot.Body, ("a", "1"), ("b", "1"), ("c", "")));
        Assert.Equal(303, (await browser.PostAsync($"/api/polls/{pollId}/ballots", Ranks(ballot.Body, ("a", "1"), ("b", ""), ("c", "")))).Status);
        var recorded = await browser.GetAsync($"/api/polls/{pollId}?voted=1");
        var results = await browser.GetAsync($"/api/polls/{pollId}/results");
        var list = await browser.GetAsync("/api/polls");

        foreach (var page in new[] { ballot, refused, recorded, results, list })
        {
            Assert.DoesNotContain("<script", page.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", page.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<svg onload", page.Body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(WebUtility.HtmlEncode(Question).Replace("&#39;", "&#x27;", StringComparison.Ordinal), page.Body, StringComparison.Ordinal);
        }

        foreach (var page in new[] { ballot, refused, recorded, results })
        {
            Assert.Contains(WebUtility.HtmlEncode(Label), page.Body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("en", "Rank for Option A", "0 ballots cast.", "Open polls")]
    [InlineData("fr", "Rang pour Option A", "0 bulletins déposés.", "Scrutins ouverts")]
    [InlineData("es", "Puesto para Option A", "0 votos emitidos.", "Votaciones abiertas")]
    public async Task PollPagesSpeakTheBrowsersLanguage(string language, string rankLabel, string turnout, string list)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked"));
        var (memberId, _) = await MemberAsync(app);
        var browser = new PollBrowser(app);
        Assert.Equal(303, (await browser.GetAsync($"/api/polls/{pollId}?token={VoteToken(app, memberId, pollId)}")).Status);

        // The switch's choice (the member's language would come before the browser's).
        var ballot = await browser.GetAsync($"/api/polls/{pollId}?lang={language}");
        var results = await browser.GetAsync($"/api/polls/{pollId}/results?lang={language}");
        var polls = await browser.GetAsync($"/api/polls?lang={language}");

        foreach (var page in new[] { ballot, results, polls })
        {
            Assert.Equal(200, page.Status);
            Assert.Equal(language, page.Headers.ContentLanguage.ToString());
        }

        Assert.Contains($">{rankLabel}</label>", ballot.Body, StringComparison.Ordinal);
        Assert.Contains(turnout, results.Body, StringComparison.Ordinal);
        Assert.Contains(list, polls.Body, StringComparison.Ordinal);
    }

    /// <summary>The page's form as a browser sends it: its form token, then a rank per option ("" = not ranked).</summary>
    private static List<KeyValuePair<string, string>> Ranks(string html, params (string Option, string Rank)[] ranks) =>
        [new("formToken", PollBrowser.FormToken(html)), .. ranks.Select(r => KeyValuePair.Create("rank-" + r.Option, r.Rank))];

    private static async Task<IReadOnlyList<IReadOnlyList<string>>> BallotsAsync(TestApp app, string pollId) =>
        await app.Get<PollStore>().ReadBallotsAsync(pollId, Start.AddDays(30), Ct);
}
