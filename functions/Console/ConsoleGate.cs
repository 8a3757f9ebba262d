using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CoP.Functions.Http;
using CoP.Shared.Console;
using CoP.Shared.Templates;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CoP.Functions.Console;

/// <summary>
/// The door of every console page and action. The console's routes are anonymous at the host: each function asks the
/// gate for the operator's session, which is the <c>cop-console</c> cookie (<c>HttpOnly</c>, <c>Secure</c>,
/// <c>SameSite=Strict</c>, on <c>/api/console</c> only) holding a session secret that <see cref="ConsoleAccess"/> checks
/// on every request. A member's session cookie opens nothing here. Every form that changes something also carries
/// <see cref="FormTokenField"/>, derived from the session's secret, which another site cannot know.
/// </summary>
public sealed class ConsoleGate(ConsoleAccess access, OperatorAudit audit, IOptions<ConsoleOptions> options)
{
    /// <summary>
    /// The header the platform's built-in authentication adds to the requests it signed in (and removes from any request
    /// that brings its own): required beside the session when <see cref="ConsoleOptions.RequirePlatformSignIn"/> is on.
    /// </summary>
    public const string PlatformPrincipalHeader = "X-MS-CLIENT-PRINCIPAL-ID";

    public const string Cookie = "cop-console";

    /// <summary>The hidden field of every console form that changes state (the same name as the member pages').</summary>
    public const string FormTokenField = MemberSessions.FormTokenField;

    public const string Home = $"{PageLinks.Base}/console";

    public const string SignInPage = $"{PageLinks.Base}/console/sign-in";

    private static readonly byte[] FormTokenLabel = Encoding.ASCII.GetBytes("CoP.Functions console form token v1\n");

    /// <summary>The signed-in operator of this request, or <see cref="ConsoleSession.None"/>.</summary>
    public async Task<ConsoleSession> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var secret = request.Cookies[Cookie];
        if (options.Value.RequirePlatformSignIn && string.IsNullOrEmpty(request.Headers[PlatformPrincipalHeader]))
        {
            return new ConsoleSession.None();
        }

        return await access.AuthenticateAsync(secret, cancellationToken) is { } @operator && secret is not null
            ? new ConsoleSession.Open(@operator, secret, FormToken(secret))
            : new ConsoleSession.None();
    }

    /// <summary>
    /// A console form post (urlencoded or multipart, at most <paramref name="maxBytes"/>): the session and the fields, or
    /// the answer when there is no session (401 page), the anti-forgery field is missing or wrong (403 page), or the
    /// body cannot be read (4xx problem). Nothing has been changed in any refused case.
    /// </summary>
    public async Task<ConsoleForm> ReadFormAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (await AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return new ConsoleForm.Refused(SignInRequired(request));
        }

        return await FormOrJsonBody.ReadAsync(request, maxBytes, cancellationToken) switch
        {
            FormOrJsonBody.Form { Fields: var fields } when IsFormTokenOf(session.Secret, fields[FormTokenField]) => new ConsoleForm.Posted(session, fields),
            FormOrJsonBody.Form => new ConsoleForm.Refused(FormExpired()),
            FormOrJsonBody.Json => new ConsoleForm.Refused(Problems.UnsupportedMediaType("application/x-www-form-urlencoded or multipart/form-data")),
            FormOrJsonBody.Refused { Problem: var problem } => new ConsoleForm.Refused(problem),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>Whether a form read by its own function (a file upload, which <see cref="ReadFormAsync"/> does not take) carries the session's anti-forgery field.</summary>
    public static bool CarriesFormToken(ConsoleSession.Open session, IFormCollection fields)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(fields);
        return IsFormTokenOf(session.Secret, fields[FormTokenField]);
    }

    /// <summary>Appends an audit row for what the session's operator just did.</summary>
    public Task RecordAsync(ConsoleSession.Open session, string action, string target, string detail = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return audit.RecordAsync(session.Operator, action, target, detail, cancellationToken);
    }

    /// <summary>A console page for the signed-in operator: the console's navigation, and <c>{{ FormToken }}</c> for its forms.</summary>
    public static IResult Page(int status, string page, ConsoleSession.Open session, Func<string, object> model)
    {
        ArgumentNullException.ThrowIfNull(session);
        return HtmlPages.Page(status, page, model, memberLanguage: null, connectTo: null, new ConsoleFrame(session.FormToken));
    }

    /// <summary>A console page before sign-in (no navigation).</summary>
    public static IResult SignedOutPage(int status, string page, object? model = null) =>
        HtmlPages.Page(status, page, _ => model ?? new Dictionary<string, object?>(), memberLanguage: null, connectTo: null, new ConsoleFrame(null));

    /// <summary>Without a session: a page load goes to the sign-in page (303); any other request gets a 401 page saying so.</summary>
    public static IResult SignInRequired(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            ? HtmlPages.SeeOther(SignInPage)
            : SignedOutPage(StatusCodes.Status401Unauthorized, "console-signed-out");
    }

    /// <summary>A form without the session's anti-forgery field (another site posted it, or an old tab): 403, nothing done.</summary>
    public static IResult FormExpired() => SignedOutPage(StatusCodes.Status403Forbidden, "console-form-expired");

    /// <summary>The answer that opens a session: the cookie, then the overview (303).</summary>
    public static IResult Open(ConsoleTicket ticket) => new OpenResult(ticket);

    /// <summary>Removes the session cookie (signing out).</summary>
    public static void End(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(Cookie, Options(expires: null));
    }

    /// <summary>The anti-forgery value of the session that holds <paramref name="secret"/>.</summary>
    public static string FormToken(string secret) =>
        Base64Url.EncodeToString(SHA256.HashData([.. FormTokenLabel, .. Encoding.UTF8.GetBytes(secret)]));

    private static bool IsFormTokenOf(string secret, StringValues posted) =>
        posted is { Count: 1 } && posted[0] is { } value
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(FormToken(secret)), Encoding.UTF8.GetBytes(value));

    private static CookieOptions Options(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = Home,
        Expires = expires,
        IsEssential = true,
    };

    private sealed class OpenResult(ConsoleTicket ticket) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.Cookies.Append(Cookie, ticket.Secret, Options(ticket.ExpiresAt));
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = Home;
            response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}

/// <summary>Whom a console request speaks for.</summary>
public abstract record ConsoleSession
{
    private ConsoleSession()
    {
    }

    /// <summary>A signed-in operator; the pages' forms carry <paramref name="FormToken"/>.</summary>
    public sealed record Open(Operator Operator, string Secret, string FormToken) : ConsoleSession;

    /// <summary>No session: no cookie, or one that expired, was signed out, or whose operator the setting no longer names.</summary>
    public sealed record None : ConsoleSession;
}

/// <summary>A console form post: the session and its fields, or the answer that refuses it.</summary>
public abstract record ConsoleForm
{
    private ConsoleForm()
    {
    }

    public sealed record Posted(ConsoleSession.Open Session, IFormCollection Fields) : ConsoleForm;

    public sealed record Refused(IResult Answer) : ConsoleForm;
}
