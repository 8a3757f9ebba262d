using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Members;

/// <summary>GET /api/registrations/confirm?token=: the link in the confirmation email (idempotent).</summary>
public sealed class ConfirmRegistrationFunction(RegistrationService registrations, IOptions<MembershipOptions> options)
{
    [Function(nameof(ConfirmRegistration))]
    public async Task<IResult> ConfirmRegistration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "registrations/confirm")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var token = MemberTokens.FromQuery(request);
        var (outcome, _) = await registrations.ConfirmAsync(token, RequestOrigins.From(request, "link"), cancellationToken);
        if (outcome is ConfirmationOutcome.Confirmed or ConfirmationOutcome.AlreadyConfirmed)
        {
            return options.Value.ConfirmedPageUrl is { } page
                ? HtmlPages.SeeOther(page)
                : HtmlPages.Page(StatusCodes.Status200OK, "Welcome to the community", [
                    "Your registration is confirmed. Thank you for joining the Climate-Soil Community of Practice.",
                    "You can close this page. Your personal links arrive by email.",
                ]);
        }

        return NewLinkPage(outcome == ConfirmationOutcome.Expired
            ? "This confirmation link has expired."
            : "This confirmation link is not valid (it may be incomplete, or already replaced).");
    }

    /// <summary>The 400 page that offers to send a new link.</summary>
    public static IResult NewLinkPage(string reason) =>
        HtmlPages.Page(
            StatusCodes.Status400BadRequest,
            "This link cannot be used",
            [reason, "Enter your email address and we will send you a new link."],
            new HtmlForm("/api/members/access-link", "Send me a new link", [], [("email", "Email address", "email")]));
}
