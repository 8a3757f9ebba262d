using System.Net;
using System.Text.RegularExpressions;
using CoP.Functions.Http;
using CoP.Functions.Polls;
using CoP.Shared.Members;
using CoP.Shared.Polls;
using CoP.Tests.Http;
using CoP.TestSupport;
using static CoP.Tests.Polls.PollTestFlows;

namespace CoP.Tests.Polls;

/// <summary>
/// The personal vote link (<c>GET /api/polls/{pollId}?token=</c>) opened in a browser: the ballot page, its form,
/// and the form posted back to <c>CastBallot</c> as a browser would post it.
/// </summary>
public sealed partial class BallotPageTests(StorageFixture storage)
{
    /// <summary>What Chrome and Firefox send when following a link.</summary>
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    public static TheoryData<string, string, int, string> Kinds() => new()
    {
        // kind (4 options; multiple takes 2 to 3, ranked up to 3), the form's inputs (a rank per option when ranked), how many, the instruction.
        { "single", "radio", 4, "Choose one option." },
        { "multiple", "checkbox", 4, "Choose between 2 and 3 options." },
        { "ranked", "select", 4, "Give rank 1 to your first preference, 2 to the next, and so on up to 3." },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task FormOffersEveryOptionWhenTheLinkIsValidAndThePollOpen(string kind, string input, int inputs, string instruction)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: kind, optionCount: 4, change: d =>
        {
            if (kind != "single")
            {
                (d["minChoices"], d["maxChoices"]) = (kind == "multiple" ? 2 : null, 3);
            }
        }));
        var (_, token) = await MemberAsync(app);

        var page = await PageAsync(app, pollId, token);

        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        var form = BallotForm.Parse(page.Body);
        Assert.NotNull(form);
        Assert.Equal($"/api/polls/{pollId}/ballots", form.Action);
        Assert.Equal([("formToken", MemberSessions.FormToken(token))], form.Hidden);
        Assert.DoesNotContain(token, page.Body, StringComparison.Ordinal);
        Assert.Equal(inputs, form.Controls.Count);
        if (input == "select")
        {
            // Every option has its own rank control, labelled by the option: no hidden options, nothing read as "1.".
            Assert.Equal(["rank-a", "rank-b", "rank-c", "rank-d"], form.Controls.Select(c => c.Name));
            Assert.All(form.Controls, c => Assert.Equal(["", "1", "2", "3"], c.Values));
            foreach (var (id, label) in new[] { ("a", "A"), ("b", "B"), ("c", "C"), ("d", "D") })
            {
                Assert.Contains($"<label for=\"rank-{id}\">Rank for Option {label}</label>", page.Body, StringComparison.Ordinal);
                Assert.Contains($"<select id=\"rank-{id}\" name=\"rank-{id}\">", page.Body, StringComparison.Ordinal);
            }
        }
        else
        {
            Assert.All(form.Controls, c => Assert.Equal((input, "choices"), (c.Type, c.Name)));
            Assert.Equal(["a", "b", "c", "d"], form.Controls.Select(c => Assert.Single(c.Values)));
        }
        Assert.Contains($"<span class=\"hint\" id=\"choices-hint\">{instruction}", page.Body, StringComparison.Ordinal);

        Assert.Contains("Which topic should the next cycle prioritise?", page.Body, StringComparison.Ordinal);
        Assert.Contains("Pick what matters most for your work.", page.Body, StringComparison.Ordinal);
        Assert.Contains("Voting closes on Monday 9 November 2026, 08:00 UTC.", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileTextIsEncodedWhenThePageShowsThePoll()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        const string Question = "<script>alert('q')</script> & more?";
        const string Description = "</p><iframe src=\"https://evil.example\"></iframe>";
        const string Label = "\"><img src=x onerror=alert(1)>";
        var pollId = await PollAsync(app, Definition(kind: "ranked", change: d =>
        {
            (d["question"], d["description"]) = (Question, Description);
            ((List<Dictionary<string, object?>>)d["options"]!)[1]["label"] = Label;
        }));
        var (_, token) = await MemberAsync(app);

        foreach (var page in new[] { await PageAsync(app, pollId, token), await PageAsync(app, pollId, null) })
        {
            Assert.Equal(200, page.Status);
            Assert.DoesNotContain("<script", page.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<iframe", page.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", page.Body, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(1, HtmlTexts(page.Body).Count(t => t == Question));
            Assert.Contains(HtmlTexts(page.Body), t => t.StartsWith(Question + " · ", StringComparison.Ordinal));
            // The option list, or the ballot's rank control labelled by the option.
            Assert.Contains(HtmlTexts(page.Body), t => t == Label || t == "Rank for " + Label);
            Assert.Contains(Description, HtmlTexts(page.Body));
        }
    }

    public static TheoryData<string> BadLinks() => ["tampered", "expired", "unsubscribe purpose", "pending member", "erased member", "empty", "twice"];

    [Theory]
    [MemberData(nameof(BadLinks))]
    public async Task NoFormWhenTheLinkIsNotValid(string link)
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(change: d => d["closesAt"] = Start.AddDays(60)));
        var (memberId, token) = await MemberAsync(app, link == "pending member" ? MemberStatus.Pending : MemberStatus.Confirmed);
        var query = link switch
        {
            "tampered" => "?token=" + token[..^2] + (token[^2] == 'A' ? "BB" : "AA"),
            "unsubscribe purpose" => "?token=" + app.Get<MemberTokenService>().Issue(memberId, 0, TokenPurpose.Unsubscribe),
            "empty" => "?token=",
            "twice" => $"?token={token}&token={token}",
            _ => "?token=" + token,
        };
        if (link == "expired")
        {
            time.Advance(TimeSpan.FromDays(31));
        }
        else if (link == "erased member")
        {
            Assert.True(await app.Get<MemberAccountService>().EraseAsync(memberId, new RequestOrigin(null, "test"), Ct));
        }

        var page = await GetPageAsync(app, pollId, query);

        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Null(BallotForm.Parse(page.Body));
        Assert.Contains("This personal link has expired or is no longer valid.", page.Body, StringComparison.Ordinal);
        Assert.Contains("You can request a new personal link by email", page.Body, StringComparison.Ordinal);
        // The page offers no link of its own to follow (the frame's navigation aside).
        var main = page.Body[page.Body.IndexOf("<main", StringComparison.Ordinal)..page.Body.IndexOf("</main>", StringComparison.Ordinal)];
        Assert.DoesNotContain("<a ", main, StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task NoFormWhenThePollIsScheduledOrClosed()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var scheduled = await PollAsync(app, Definition(change: d => d["opensAt"] = Start.AddDays(1)));
        var closed = await PollAsync(app, Definition());
        Assert.Equal(200, (await CloseAsync(app, closed)).Status);
        var (_, token) = await MemberAsync(app);

        var notYet = await PageAsync(app, scheduled, token);
        var over = await PageAsync(app, closed, token);

        Assert.Equal((200, 200), (notYet.Status, over.Status));
        Assert.Null(BallotForm.Parse(notYet.Body));
        Assert.Null(BallotForm.Parse(over.Body));
        Assert.Contains("This poll is not open yet", notYet.Body, StringComparison.Ordinal);
        Assert.Contains("Voting opens on Tuesday 3 November 2026, 08:00 UTC", notYet.Body, StringComparison.Ordinal);
        Assert.Contains("This poll is closed", over.Body, StringComparison.Ordinal);
        Assert.Contains("Voting closed on Monday 2 November 2026, 08:00 UTC.", over.Body, StringComparison.Ordinal);
        Assert.Contains("Option B", HtmlTexts(over.Body));
    }

    [Fact]
    public async Task NoFormWhenTheLinkHasNoToken()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());

        var page = await PageAsync(app, pollId, null);

        Assert.Equal(200, page.Status);
        Assert.Null(BallotForm.Parse(page.Body));
        Assert.Contains("personal vote link they receive by email", page.Body, StringComparison.Ordinal);
        var main = page.Body[page.Body.IndexOf("<main", StringComparison.Ordinal)..page.Body.IndexOf("</main>", StringComparison.Ordinal)];
        Assert.Equal(["Option A", "Option B", "Option C"], Regex.Matches(main, "<li>(.*?)</li>").Select(m => m.Groups[1].Value));
        Assert.StartsWith("Accept", page.Headers.Vary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageSaysNotFoundWhenThePollDoesNotExist()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (_, token) = await MemberAsync(app);

        var page = await PageAsync(app, "0123456789abcdef0123456789abcdef", token);

        Assert.Equal(404, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Null(BallotForm.Parse(page.Body));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("application/json, text/html;q=0.5")]
    [InlineData("text/html;q=0")]
    public async Task JsonAnswerIsUnchangedWhenTheClientIsNotABrowser(string? accept)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked"));
        var (_, token) = await MemberAsync(app);
        var expected = System.Text.Json.JsonSerializer.Serialize(
            PollResponse.From((await app.Get<PollService>().GetAsync(pollId, Ct))!, Start), System.Text.Json.JsonSerializerOptions.Web);

        var plain = await GetAsync(app, pollId);
        var withAccept = await GetPageAsync(app, pollId, "", accept);
        var withToken = await GetPageAsync(app, pollId, "?token=" + token, accept);

        foreach (var response in new[] { plain, withAccept, withToken })
        {
            Assert.Equal(200, response.Status);
            Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
            Assert.Equal(expected, response.Body);
        }

        Assert.Equal("no-store", withToken.Headers.CacheControl.ToString());
        var missing = await GetPageAsync(app, "0123456789abcdef0123456789abcdef", "", accept);
        Assert.Equal(404, missing.Status);
        Assert.StartsWith("application/problem+json", missing.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenStaysOutOfCachesReferersAndLogsWhenThePageIsOpened()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "multiple"));
        var (_, token) = await MemberAsync(app);

        var valid = await PageAsync(app, pollId, token);
        var invalid = await PageAsync(app, pollId, token + "x");

        foreach (var page in new[] { valid, invalid })
        {
            Assert.Equal("no-store", page.Headers.CacheControl.ToString());
            Assert.Equal("no-referrer", page.Headers["Referrer-Policy"].ToString());
            Assert.Contains("<meta name=\"referrer\" content=\"no-referrer\">", page.Body, StringComparison.Ordinal);
            Assert.Contains("form-action 'self'", page.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(app.Logs.Entries, e => e.AllText.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FormPostsToThePageItselfWhenThePublicApiBaseDiffers()
    {
        var (app, _) = CreateApp(storage, new Dictionary<string, string?> { ["Membership:PublicApiBaseUrl"] = "https://api.cop.example.net/" });
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var (_, token) = await MemberAsync(app);

        var page = await PageAsync(app, pollId, token);

        // The session cookie lives on the page's own origin: the form posts there.
        Assert.Equal($"/api/polls/{pollId}/ballots", BallotForm.Parse(page.Body)?.Action);
        Assert.Contains("form-action 'self'", page.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string[], string[]> Ballots() => new()
    {
        // kind, what the member picks in the form (the rank of each option for ranked, "" = not ranked), the stored ballot.
        { "single", ["b"], ["b"] },
        { "multiple", ["a", "c"], ["a", "c"] },
        { "ranked", ["2", "", "1"], ["c", "a"] },
    };

    [Theory]
    [MemberData(nameof(Ballots))]
    public async Task BallotIsCountedWhenThePageFormIsPostedBack(string kind, string[] picks, string[] stored)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: kind));
        var (_, token) = await MemberAsync(app);
        var browser = new PollBrowser(app);
        var form = BallotForm.Parse((await browser.OpenAsync($"/api/polls/{pollId}?token={token}")).Body)!;

        var response = await browser.PostAsync(form.Action, form.Fill(picks));

        // Post/redirect/get: the poll's page shows the recorded ballot, and reloading it sends nothing.
        Assert.Equal(303, response.Status);
        Assert.Equal($"/api/polls/{pollId}?voted=1", response.Headers.Location.ToString());
        var recorded = await browser.GetAsync(response.Headers.Location.ToString());
        Assert.Equal(200, recorded.Status);
        Assert.Contains("Your ballot in «Which topic should the next cycle prioritise?» is recorded:", recorded.Body, StringComparison.Ordinal);
        var labels = stored.Select(id => "Option " + id.ToUpperInvariant()).ToArray();
        Assert.Contains(string.Concat(labels.Select(l => $"<li>{l}</li>")), recorded.Body, StringComparison.Ordinal);
        var poll = (await app.Get<PollService>().GetAsync(pollId, Ct))!;
        var ballots = await app.Get<PollStore>().ReadBallotsAsync(pollId, poll.EffectiveClosesAt, Ct);
        Assert.Equal(stored, Assert.Single(ballots));
        Assert.Equal(1, (await ResultsAsync(app, pollId)).Json().GetProperty("ballots").GetInt32());
    }

    [Fact]
    public async Task BrowserIsRedirectedWhenThePageFormIsPostedAndAThankYouPageIsConfigured()
    {
        var (app, _) = CreateApp(storage, new Dictionary<string, string?> { ["Polls:BallotCastPageUrl"] = "https://community.example.org/voted" });
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked"));
        var (_, token) = await MemberAsync(app);
        var browser = new PollBrowser(app);
        var form = BallotForm.Parse((await browser.OpenAsync($"/api/polls/{pollId}?token={token}")).Body)!;

        var response = await browser.PostAsync(form.Action, form.Fill(["", "1", ""]));

        Assert.Equal(303, response.Status);
        Assert.Equal("https://community.example.org/voted", response.Headers.Location.ToString());
        Assert.Equal(1, Votes(await ResultsAsync(app, pollId))["b"]);
    }

    [Fact]
    public async Task BlankRanksAreIgnoredWhenARankingFormIsPosted()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked"));
        var (_, token) = await MemberAsync(app);

        var allBlank = await VoteFormAsync(app, pollId, [new("token", token), new("choices", ""), new("choices", ""), new("choices", "")]);
        var gaps = await VoteFormAsync(app, pollId, [new("token", token), new("choices", ""), new("choices", "b"), new("choices", ""), new("choices", "a")]);
        var script = await VoteRawAsync(app, pollId, token, "{\"choices\":[\"b\",\"\"]}", "application/json");

        Assert.Equal(400, allBlank.Status);
        Assert.Equal(200, gaps.Status);
        Assert.Equal(400, script.Status);
        var ballots = await app.Get<PollStore>().ReadBallotsAsync(pollId, Start.AddDays(7), Ct);
        Assert.Equal(["b", "a"], Assert.Single(ballots));
    }

    /// <summary>The page a vote link opens: with a valid token, the session's page after the token became a cookie.</summary>
    private static Task<TestResponse> PageAsync(TestApp app, string pollId, string? token) =>
        new PollBrowser(app).OpenAsync($"/api/polls/{pollId}" + (token is null ? "" : "?token=" + Uri.EscapeDataString(token)));

    private static async Task<TestResponse> GetPageAsync(TestApp app, string pollId, string query, string? accept = BrowserAccept)
    {
        var request = app.Get($"/api/polls/{pollId}{query}");
        if (accept is not null)
        {
            request.WithHeader("Accept", accept);
        }

        return await WorkerPipeline.RunAsync(app, request, r => app.Function<GetPollFunction>().GetPoll(r, pollId, Ct), "GetPoll");
    }

    /// <summary>The text of every element of a page, decoded: what a reader sees.</summary>
    private static List<string> HtmlTexts(string html) =>
        TextPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex(">([^<]+)<")]
    private static partial Regex TextPattern();

    /// <summary>A choice control of the form: one radio button or checkbox (one value), or one select (its options).</summary>
    private sealed record Control(string Type, string Name, IReadOnlyList<string> Values);

    /// <summary>The ballot form of a page, read from its HTML as a browser reads it.</summary>
    private sealed partial record BallotForm(string Action, IReadOnlyList<(string Name, string Value)> Hidden, IReadOnlyList<Control> Controls)
    {
        public static BallotForm? Parse(string html)
        {
            var form = FormPattern().Match(html);
            if (!form.Success)
            {
                return null;
            }

            var body = form.Groups[2].Value;
            var hidden = new List<(string, string)>();
            var controls = new List<Control>();
            foreach (var attributes in InputPattern().Matches(body).Select(m => Attributes(m.Groups[1].Value)))
            {
                if (attributes["type"] == "hidden")
                {
                    hidden.Add((attributes["name"], attributes["value"]));
                }
                else
                {
                    controls.Add(new Control(attributes["type"], attributes["name"], [attributes["value"]]));
                }
            }

            foreach (Match select in SelectPattern().Matches(body))
            {
                var values = OptionPattern().Matches(select.Groups[2].Value).Select(o => WebUtility.HtmlDecode(o.Groups[1].Value)).ToList();
                controls.Add(new Control("select", Attributes(select.Groups[1].Value)["name"], values));
            }

            return new BallotForm(WebUtility.HtmlDecode(form.Groups[1].Value), hidden, controls);
        }

        /// <summary>
        /// The fields a browser sends: hidden fields, then the checked radio buttons and checkboxes, or each
        /// select's picked value in order (a rank left at "not ranked" sends an empty value).
        /// </summary>
        public List<KeyValuePair<string, string>> Fill(string[] picks)
        {
            var fields = Hidden.Select(h => KeyValuePair.Create(h.Name, h.Value)).ToList();
            if (Controls[0].Type == "select")
            {
                Assert.Equal(Controls.Count, picks.Length);
                fields.AddRange(picks.Select((pick, i) => KeyValuePair.Create(Controls[i].Name, Assert.Single(Controls[i].Values, v => v == pick))));
            }
            else
            {
                fields.AddRange(picks.Select(pick => Assert.Single(Controls, c => c.Values[0] == pick)).Select(c => KeyValuePair.Create(c.Name, c.Values[0])));
            }

            return fields;
        }

        private static Dictionary<string, string> Attributes(string tag) =>
            AttributePattern().Matches(tag).ToDictionary(a => a.Groups[1].Value, a => WebUtility.HtmlDecode(a.Groups[2].Value), StringComparer.Ordinal);

        [GeneratedRegex("<form method=\"post\" action=\"([^\"]*)\">(.*?)</form>", RegexOptions.Singleline)]
        private static partial Regex FormPattern();

        [GeneratedRegex("<input ([^>]*)>")]
        private static partial Regex InputPattern();

        [GeneratedRegex("<select ([^>]*)>(.*?)</select>", RegexOptions.Singleline)]
        private static partial Regex SelectPattern();

        [GeneratedRegex("<option value=\"([^\"]*)\"[^>]*>")]
        private static partial Regex OptionPattern();

        [GeneratedRegex("([a-z-]+)=\"([^\"]*)\"")]
        private static partial Regex AttributePattern();
    }
}
