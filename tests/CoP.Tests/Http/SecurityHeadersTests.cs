using CoP.Functions.Documents;
using CoP.Functions.Http;
using CoP.Functions.Members;
using CoP.Functions.Newsletter;
using CoP.Functions.Polls;
using CoP.Shared.Members;
using CoP.TestSupport;
using Microsoft.AspNetCore.Http;
using static CoP.Tests.Newsletter.NewsletterTestFlows;

namespace CoP.Tests.Http;

/// <summary>
/// Every answer of the app, HTML above all, carries the headers of <see cref="SecurityHeadersMiddleware"/>, run as the
/// worker runs it (<see cref="WorkerPipeline"/>); and each page the app serves renders under that policy with no script.
/// </summary>
public sealed class SecurityHeadersTests(StorageFixture storage)
{
    private const string Browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private const string HostileText = "</style><script>alert(1)</script><svg onload=alert(2)><img src=x onerror=alert(3)>";

    /// <summary>Every function that can answer HTML, with each kind of page it answers.</summary>
    private static readonly Dictionary<string, Func<TestApp, Task<TestResponse>>> HtmlAnswers = new()
    {
        ["GetPoll: the ballot form"] = async app =>
        {
            var pollId = await Polls.PollTestFlows.PollAsync(app, Polls.PollTestFlows.Definition());
            var (_, token) = await Polls.PollTestFlows.MemberAsync(app);
            return await GetPollAsync(app, pollId, token);
        },
        ["GetPoll: no such poll"] = app => GetPollAsync(app, "0123456789abcdef0123456789abcdef", null),
        ["CastBallot: thank you"] = async app =>
        {
            var pollId = await Polls.PollTestFlows.PollAsync(app, Polls.PollTestFlows.Definition());
            var (_, token) = await Polls.PollTestFlows.MemberAsync(app);
            return await CastBallotAsync(app, pollId, token);
        },
        ["CastBallot: link expired"] = async app =>
            await CastBallotAsync(app, await Polls.PollTestFlows.PollAsync(app, Polls.PollTestFlows.Definition()), "not-a-token"),
        ["ConfirmRegistration: welcome"] = async app =>
        {
            await Members.MemberTestFlows.RegisterAsync(app, Members.MemberTestFlows.Registration());
            var token = Members.MemberTestFlows.TokenFromLink(Members.MemberTestFlows.Outbox(app).Single().TextBody, "/api/registrations/confirm");
            return await ConfirmAsync(app, token);
        },
        ["ConfirmRegistration: a new link"] = app => ConfirmAsync(app, "not-a-token"),
        ["ShowConfirmation: the button"] = async app =>
        {
            await Members.MemberTestFlows.RegisterAsync(app, Members.MemberTestFlows.Registration());
            var token = Members.MemberTestFlows.TokenFromLink(Members.MemberTestFlows.Outbox(app).Single().TextBody, "/api/registrations/confirm");
            return await ShowConfirmationSessionAsync(app, token);
        },
        ["ShowConfirmation: a new link"] = app => ShowConfirmationAsync(app, "not-a-token"),
        ["RegisterMember: check your inbox"] = async app =>
        {
            // The form post answers 303 to the join page's "check your inbox" state (post/redirect/get).
            var posted = await FormPostAsync(
                app, "/api/registrations", [new("email", "kofi@example.org"), new("name", "Kofi"), new("consent", "on")],
                (request, ct) => app.Function<RegisterMemberFunction>().RegisterMember(request, ct));
            Assert.Equal(303, posted.Status);
            return await BrowserGetAsync(app, posted.Headers.Location.ToString(), r => app.Function<ShowRegistrationFormFunction>().ShowRegistrationForm(r, Ct));
        },
        ["ShowRegistrationForm: the join form"] = app =>
            BrowserGetAsync(app, "/api/join?topic=soil", r => app.Function<ShowRegistrationFormFunction>().ShowRegistrationForm(r, Ct)),
        ["GetMyProfile: the profile"] = async app =>
        {
            var (_, account) = await Members.MemberTestFlows.ConfirmedMemberAsync(app);
            return await WorkerPipeline.RunAsync(
                app, app.Get("/api/members/me").WithHeader("Accept", Browser).WithHeader("Cookie", $"cop-account={account}"), r => app.Function<GetMyProfileFunction>().GetMyProfile(r, Ct));
        },
        ["ShowErasure: the confirmation"] = async app =>
        {
            var (_, account) = await Members.MemberTestFlows.ConfirmedMemberAsync(app);
            return await WorkerPipeline.RunAsync(
                app, app.Get("/api/members/me/erase").WithHeader("Accept", Browser).WithHeader("Cookie", $"cop-account={account}"), r => app.Function<ShowErasureFunction>().ShowErasure(r, Ct));
        },
        ["ShowPrivacy: the notice"] = app =>
            BrowserGetAsync(app, "/api/privacy", r => Task.FromResult(app.Function<CoP.Functions.Privacy.ShowPrivacyFunction>().ShowPrivacy(r))),
        ["ListPolls: the list"] = async app =>
        {
            await Polls.PollTestFlows.PollAsync(app, Polls.PollTestFlows.Definition());
            return await BrowserGetAsync(app, "/api/polls", r => app.Function<ListPollsFunction>().ListPolls(r, Ct));
        },
        ["GetPollResults: the results"] = async app =>
        {
            var pollId = await Polls.PollTestFlows.PollAsync(app, Polls.PollTestFlows.Definition());
            return await BrowserGetAsync(app, $"/api/polls/{pollId}/results", r => app.Function<GetPollResultsFunction>().GetPollResults(r, pollId, Ct));
        },
        ["RequestAccessLink: check your inbox"] = app => FormPostAsync(
            app, "/api/members/access-link", [new("email", "kofi@example.org")],
            (request, ct) => app.Function<RequestAccessLinkFunction>().RequestAccessLink(request, ct)),
        ["ShowUnsubscribe: the button"] = async app => await ShowUnsubscribeSessionAsync(app, await UnsubscribeTokenAsync(app)),
        ["ShowUnsubscribe: not a valid link"] = app => ShowUnsubscribeAsync(app, "not-a-token"),
        ["Unsubscribe: done"] = async app => await FormPostAsync(
            app, "/api/unsubscribe", [new("token", await UnsubscribeTokenAsync(app))],
            (request, ct) => app.Function<UnsubscribeFunction>().Unsubscribe(request, ct)),
        ["GetNewsletterIssue: the archive"] = async app =>
        {
            await SubscribersAsync(app, 1);
            await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Soil carbon after five years", description: "A long trial.");
            await Polls.PollTestFlows.PollAsync(app, Polls.PollTestFlows.Definition());
            await SendNowAsync(app);
            return await ArchiveAsync(app);
        },
        ["PreviewNewsletter: a member's issue"] = async app =>
        {
            var member = (await SubscribersAsync(app, 1))[0];
            await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Soil carbon after five years");
            return await PreviewAsync(app, $"?memberId={member}");
        },
        ["PreviewNewsletter: format=html"] = app => PreviewAsync(app, "?format=html&language=es"),
        ["ListDocuments: the catalog"] = app => BrowserGetAsync(app, "/api/documents?type=report", r => app.Function<ListDocumentsFunction>().ListDocuments(r, Ct)),
        ["ListDocuments: a refused filter"] = app => BrowserGetAsync(app, "/api/documents?country=XX", r => app.Function<ListDocumentsFunction>().ListDocuments(r, Ct)),
        ["GetDocument: no such document"] = app => BrowserGetAsync(
            app, "/api/documents/0123456789abcdef0123456789abcdef", r => app.Function<GetDocumentFunction>().GetDocument(r, "0123456789abcdef0123456789abcdef", Ct)),
        ["ListEvents: the events"] = async app =>
        {
            await Events.Pages.EventPageFlows.AddAsync(app, Events.Pages.EventPageFlows.Workshop(e => e with { StartsAt = e.StartsAt.AddYears(1), EndsAt = e.EndsAt.AddYears(1) }));
            return await Events.Pages.EventPageFlows.BrowserGetAsync(app, "/api/events");
        },
        ["ListEvents: a refused filter"] = app => Events.Pages.EventPageFlows.BrowserGetAsync(app, "/api/events?from=tomorrow"),
        ["GetEvent: the event"] = async app =>
        {
            var e = await Events.Pages.EventPageFlows.AddAsync(app, Events.Pages.EventPageFlows.Workshop(e => e with { StartsAt = e.StartsAt.AddYears(1), EndsAt = e.EndsAt.AddYears(1) }));
            return await Events.Pages.EventPageFlows.BrowserGetAsync(app, $"/api/events/{e.EventId}");
        },
        ["GetEvent: no such event"] = app => Events.Pages.EventPageFlows.BrowserGetAsync(app, "/api/events/0123456789abcdef0123456789abcdef"),
        ["RegisterForEventFromPage: no session"] = async app =>
        {
            var e = await Events.Pages.EventPageFlows.AddAsync(app, Events.Pages.EventPageFlows.Workshop(e => e with { StartsAt = e.StartsAt.AddYears(1), EndsAt = e.EndsAt.AddYears(1) }));
            return await Events.Pages.EventPageFlows.BrowserPostAsync(app, $"/api/events/{e.EventId}/register", MemberSessions.FormToken("no session"));
        },
        ["CancelEventRegistrationFromPage: nothing to cancel"] = async app =>
        {
            var e = await Events.Pages.EventPageFlows.AddAsync(app, Events.Pages.EventPageFlows.Workshop(e => e with { StartsAt = e.StartsAt.AddYears(1), EndsAt = e.EndsAt.AddYears(1) }));
            var (_, profile) = await Events.Pages.EventPageFlows.MemberAsync(app);
            return await Events.Pages.EventPageFlows.BrowserPostAsync(app, $"/api/events/{e.EventId}/cancel-registration", MemberSessions.FormToken(profile), ("cop-profile", profile));
        },
        ["ListProjects: a refused filter"] = app => Projects.Pages.ProjectPageFlows.BrowserGetAsync(app, "/api/projects?country=Kenya"),
        ["GetProject: no such project"] = app => Projects.Pages.ProjectPageFlows.BrowserGetAsync(app, "/api/projects/0123456789abcdef0123456789abcdef"),
        ["ShowProjectForm: the form"] = async app =>
        {
            var (_, session) = await Projects.Forms.ProjectFormFlows.MemberAsync(app);
            return await Projects.Forms.ProjectFormFlows.GetAsync(app, "/api/projects/new", session);
        },
        ["ShowProjectEditForm: the owner's page"] = async app =>
        {
            var (memberId, session) = await Projects.Forms.ProjectFormFlows.MemberAsync(app);
            var stored = await Projects.Forms.ProjectFormFlows.ProjectAsync(app, memberId);
            return await Projects.Forms.ProjectFormFlows.GetAsync(app, $"/api/projects/{stored.Project.ProjectId}/edit", session);
        },
        ["SubmitProjectFromPage: refused"] = async app =>
        {
            var (_, session) = await Projects.Forms.ProjectFormFlows.MemberAsync(app);
            return await Projects.Forms.ProjectFormFlows.PostAsync(app, "/api/projects/new", Projects.Forms.ProjectFormFlows.Filled(f => f["texts-en-title"] = HostileText), session);
        },
        ["UpdateProjectFromPage: changed meanwhile"] = async app =>
        {
            var (memberId, session) = await Projects.Forms.ProjectFormFlows.MemberAsync(app);
            var stored = await Projects.Forms.ProjectFormFlows.ProjectAsync(app, memberId);
            var fields = Projects.Forms.ProjectFormFlows.Filled().Append(KeyValuePair.Create("version", "W/\"datetime'2020-01-01T00%3A00%3A00Z'\""));
            return await Projects.Forms.ProjectFormFlows.PostAsync(app, $"/api/projects/{stored.Project.ProjectId}/edit", fields, session);
        },
        ["ConfirmProjectFromPage: not found"] = async app =>
        {
            var (_, session) = await Projects.Forms.ProjectFormFlows.MemberAsync(app);
            return await Projects.Forms.ProjectFormFlows.PostAsync(app, "/api/projects/0123456789abcdef0123456789abcdef/confirm", [], session);
        },
        ["AddProjectUpdateFromPage: refused"] = async app =>
        {
            var (memberId, session) = await Projects.Forms.ProjectFormFlows.MemberAsync(app);
            var stored = await Projects.Forms.ProjectFormFlows.ProjectAsync(app, memberId);
            return await Projects.Forms.ProjectFormFlows.PostAsync(app, $"/api/projects/{stored.Project.ProjectId}/updates/new", [KeyValuePair.Create("progress-text", HostileText)], session);
        },
        ["ShowUploadForm: no session"] = app => BrowserGetAsync(app, "/api/documents/uploads", r => app.Function<ShowUploadFormFunction>().ShowUploadForm(r, Ct)),
    };

    public static TheoryData<string> HtmlAnswerNames() => new(HtmlAnswers.Keys);

    [Theory]
    [MemberData(nameof(HtmlAnswerNames))]
    public async Task HtmlAnswerCarriesTheSecurityHeadersAndRendersWithoutScriptWhenTheWorkerServesIt(string answer)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        var page = await HtmlAnswers[answer](app);

        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        AssertSecurityHeaders(app, page);
        PagePolicy.AssertRendersWithoutScript(page);
    }

    [Fact]
    public void EveryFunctionThatAnswersHtmlIsAmongTheCheckedAnswers()
    {
        // Add a function here, and a page to HtmlAnswers, when it learns to answer HTML.
        string[] answeringHtml = ["GetPoll", "CastBallot", "ShowConfirmation", "ConfirmRegistration", "RegisterMember", "RequestAccessLink", "ShowUnsubscribe", "Unsubscribe", "GetNewsletterIssue", "PreviewNewsletter", "ListDocuments", "GetDocument", "ShowUploadForm", "ShowRegistrationForm", "GetMyProfile", "ShowErasure", "ShowPrivacy", "ListPolls", "GetPollResults", "ListEvents", "GetEvent", "RegisterForEventFromPage", "CancelEventRegistrationFromPage", "ListProjects", "GetProject", "ShowProjectForm", "SubmitProjectFromPage", "ShowProjectEditForm", "UpdateProjectFromPage", "ConfirmProjectFromPage", "AddProjectUpdateFromPage"];

        var checkedFunctions = HtmlAnswers.Keys.Select(name => name.Split(':')[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(answeringHtml.Order(StringComparer.Ordinal), checkedFunctions.Order(StringComparer.Ordinal));
        Assert.All(answeringHtml, name => Assert.Contains(name, Contract.FunctionContract.Implemented));

        // The console's pages are all HTML: Console/ConsoleAccessTests checks the headers of every console route.
        Assert.DoesNotContain(answeringHtml, name => name.Contains("Console", StringComparison.Ordinal));
    }

    public static TheoryData<string> OtherAnswers() => new("a page written by hand", "a page written straight to the response", "JSON", "a redirect", "an unexpected exception");

    [Theory]
    [MemberData(nameof(OtherAnswers))]
    public async Task AnswerCarriesTheSecurityHeadersHoweverItIsWritten(string answer)
    {
        await using var app = TestApp.Create(storage);
        var request = app.Get("/api/anything").Accepting("text/html");

        var response = await WorkerPipeline.RunAsync(app, request, async r =>
        {
            switch (answer)
            {
                case "a page written by hand":
                    return TypedResults.Content("<!doctype html><p>A page nobody told about the headers.</p>", "text/html; charset=utf-8");
                case "a page written straight to the response":
                    r.HttpContext.Response.ContentType = "text/html";
                    await r.HttpContext.Response.WriteAsync("<p>Written directly.</p>", TestContext.Current.CancellationToken);
                    return TypedResults.Empty;
                case "JSON":
                    return TypedResults.Ok(new { status = "fine" });
                case "a redirect":
                    return HtmlPages.SeeOther(new Uri("https://soil.example.org/thanks"));
                default:
                    throw new InvalidOperationException("boom");
            }
        });

        AssertSecurityHeaders(app, response);
    }

    [Fact]
    public async Task FormsMayPostHereOrToThePublicApiAndFollowTheRedirectToEachConfiguredPage()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?>
        {
            ["Membership:PublicApiBaseUrl"] = "https://api.cop.example.net/",
            ["Membership:ThankYouPageUrl"] = "https://soil.example.org/thanks",
            ["Membership:UnsubscribedPageUrl"] = "https://soil.example.org/bye",
            ["Polls:BallotCastPageUrl"] = "https://vote.example.org:8443/voted",
        });

        var policy = app.Function<SecurityHeadersMiddleware>().ContentSecurityPolicy;

        Assert.Equal(
            ["'self'", "https://api.cop.example.net", "https://soil.example.org", "https://vote.example.org:8443"],
            PagePolicy.Sources(policy, "form-action"));
    }

    [Fact]
    public async Task TheConfirmationButtonMayFollowItsRedirectToTheConfiguredConfirmedPage()
    {
        // The welcome page lives on its own site: no other configured page shares its origin.
        await using var app = TestApp.Create(storage, new Dictionary<string, string?>
        {
            ["Membership:PublicApiBaseUrl"] = "https://api.cop.example.net/",
            ["Membership:ThankYouPageUrl"] = "https://soil.example.org/thanks",
            ["Membership:ConfirmedPageUrl"] = "https://welcome.example.com/joined",
        });
        await Members.MemberTestFlows.RegisterAsync(app, Members.MemberTestFlows.Registration());
        var token = Members.MemberTestFlows.TokenFromLink(Members.MemberTestFlows.Outbox(app).Single().TextBody, "/api/registrations/confirm");

        var page = await ShowConfirmationSessionAsync(app, token);
        var pressed = await ConfirmAsync(app, token);

        // The browser holds the 303 that answers the page's form to the page's form-action: a target missing there is blocked.
        Assert.Equal(303, pressed.Status);
        var target = new Uri(pressed.Headers.Location.ToString()).GetLeftPart(UriPartial.Authority);
        Assert.Contains(target, PagePolicy.Sources(page.Headers.ContentSecurityPolicy.ToString(), "form-action"));
    }

    [Fact]
    public async Task NoScriptRunsWhenTheBallotPageShowsHostileText()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await Polls.PollTestFlows.PollAsync(app, Polls.PollTestFlows.Definition(change: d =>
        {
            d["question"] = "Which? " + HostileText;
            d["description"] = HostileText + "\n<style>*{background:url(https://evil.example/x)}</style>";
            d["options"] = new[] { new { id = "a", label = HostileText }, new { id = "b", label = "\"><a href=\"javascript:alert(4)\">b</a>" } };
        }));
        var (_, token) = await Polls.PollTestFlows.MemberAsync(app);

        var page = await GetPollAsync(app, pollId, token);

        Assert.Equal(200, page.Status);
        Assert.Contains("&lt;/style&gt;&lt;script&gt;", page.Body, StringComparison.Ordinal);
        AssertSecurityHeaders(app, page);
        PagePolicy.AssertRendersWithoutScript(page);
    }

    [Fact]
    public async Task NoScriptRunsWhenTheNewsletterArchiveShowsHostileText()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        await SubscribersAsync(app, 1);
        await SetNoteAsync(app, HostileText + "\n\n<a href=\"javascript:alert(4)\">read more</a>");
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), HostileText, description: "<svg><script>alert(5)</script></svg>");
        await Polls.PollTestFlows.PollAsync(app, Polls.PollTestFlows.Definition(change: d => d["question"] = HostileText));
        await SendNowAsync(app);

        var page = await ArchiveAsync(app);

        Assert.Equal(200, page.Status);
        Assert.Contains("&lt;/style&gt;&lt;script&gt;", page.Body, StringComparison.Ordinal);
        AssertSecurityHeaders(app, page);
        PagePolicy.AssertRendersWithoutScript(page);
    }

    private static void AssertSecurityHeaders(TestApp app, TestResponse response)
    {
        Assert.Equal(app.Function<SecurityHeadersMiddleware>().ContentSecurityPolicy, response.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("no-referrer", response.Headers["Referrer-Policy"].ToString());
    }

    // The upload page with a session and the project pages with their map run their own script: Documents/UploadPageTests
    // and Projects/Pages check their policies.
    private static Task<TestResponse> BrowserGetAsync(TestApp app, string pathAndQuery, Func<HttpRequest, Task<IResult>> function) =>
        WorkerPipeline.RunAsync(app, app.Get(pathAndQuery).WithHeader("Accept", Browser), function);

    // A vote link's page as the browser sees it once the link's token became the poll's session cookie.
    private static Task<TestResponse> GetPollAsync(TestApp app, string pollId, string? token)
    {
        var request = app.Get($"/api/polls/{pollId}").WithHeader("Accept", Browser);
        if (token is not null)
        {
            request.WithHeader("Cookie", $"cop-vote={token}");
        }

        return WorkerPipeline.RunAsync(app, request, r => app.Function<GetPollFunction>().GetPoll(r, pollId, Ct), "GetPoll");
    }

    private static Task<TestResponse> CastBallotAsync(TestApp app, string pollId, string token) =>
        FormPostAsync(app, $"/api/polls/{pollId}/ballots", [new("token", token), new("choices", "a")],
            (request, ct) => app.Function<CastBallotFunction>().CastBallot(request, pollId, ct));

    private static Task<TestResponse> ShowConfirmationAsync(TestApp app, string token)
    {
        var request = app.Get($"/api/registrations/confirm?token={Uri.EscapeDataString(token)}").WithHeader("Accept", Browser);
        return WorkerPipeline.RunAsync(app, request, r => app.Function<ShowConfirmationFunction>().ShowConfirmation(r, Ct), "ShowConfirmation");
    }

    private static Task<TestResponse> ShowConfirmationSessionAsync(TestApp app, string token)
    {
        var request = app.Get("/api/registrations/confirm").WithHeader("Accept", Browser).WithHeader("Cookie", $"cop-confirm={token}");
        return WorkerPipeline.RunAsync(app, request, r => app.Function<ShowConfirmationFunction>().ShowConfirmation(r, Ct), "ShowConfirmation");
    }

    private static Task<TestResponse> ConfirmAsync(TestApp app, string token) =>
        FormPostAsync(app, "/api/registrations/confirm", [new("token", token)],
            (request, ct) => app.Function<ConfirmRegistrationFunction>().ConfirmRegistration(request, ct));

    private static Task<TestResponse> ShowUnsubscribeAsync(TestApp app, string token)
    {
        var request = app.Get($"/api/unsubscribe?token={Uri.EscapeDataString(token)}").WithHeader("Accept", Browser);
        return WorkerPipeline.RunAsync(app, request, r => app.Function<ShowUnsubscribeFunction>().ShowUnsubscribe(r, Ct), "ShowUnsubscribe");
    }

    // The link's token became the page's session cookie (the link itself answers 303 to set it).
    private static Task<TestResponse> ShowUnsubscribeSessionAsync(TestApp app, string token)
    {
        var request = app.Get("/api/unsubscribe").WithHeader("Accept", Browser).WithHeader("Cookie", $"cop-unsubscribe={token}");
        return WorkerPipeline.RunAsync(app, request, r => app.Function<ShowUnsubscribeFunction>().ShowUnsubscribe(r, Ct), "ShowUnsubscribe");
    }

    private static Task<TestResponse> ArchiveAsync(TestApp app)
    {
        var request = app.Get($"/api/newsletter/issues/{IssueId}").WithHeader("Accept", Browser);
        return WorkerPipeline.RunAsync(app, request, r => app.Function<GetNewsletterIssueFunction>().GetNewsletterIssue(r, IssueId, Ct), "GetNewsletterIssue");
    }

    private static Task<TestResponse> PreviewAsync(TestApp app, string query)
    {
        var request = app.Get("/api/manage/newsletter/preview" + query).WithHeader("Accept", Browser);
        return WorkerPipeline.RunAsync(app, request, r => app.Function<PreviewNewsletterFunction>().PreviewNewsletter(r, Ct), "PreviewNewsletter");
    }

    /// <summary>A browser's form post (urlencoded, Accept ranking HTML first).</summary>
    private static Task<TestResponse> FormPostAsync(
        TestApp app, string path, IEnumerable<KeyValuePair<string, string>> fields, Func<HttpRequest, CancellationToken, Task<IResult>> function)
    {
        var request = TestRequests.Form(app.Services, "POST", path, fields).WithHeader("Accept", Browser);
        return WorkerPipeline.RunAsync(app, request, r => function(r, Ct));
    }

    private static async Task<string> UnsubscribeTokenAsync(TestApp app)
    {
        var member = (await SubscribersAsync(app, 1, tag: "leaving"))[0];
        return app.Get<MemberTokenService>().Issue(member, 0, TokenPurpose.Unsubscribe);
    }
}
