using System.Net;

namespace CoP.Shared.Email;

/// <summary>
/// The provider did not accept a message, even after the retries. Carries the last HTTP status when there
/// was one (none for timeouts and connection failures). Its message never contains the recipient.
/// </summary>
public sealed class EmailDeliveryException : Exception
{
    public EmailDeliveryException()
    {
    }

    public EmailDeliveryException(string message)
        : base(message)
    {
    }

    public EmailDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EmailDeliveryException(string message, HttpStatusCode? statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The provider's last answer, or null when none came (timeout, connection refused).</summary>
    public HttpStatusCode? StatusCode { get; }
}
