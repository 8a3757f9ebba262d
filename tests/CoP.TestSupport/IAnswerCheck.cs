using Microsoft.AspNetCore.Http;

namespace CoP.TestSupport;

/// <summary>
/// A check of every answer a test reads through <see cref="TestResponse"/>, found in the request's services (the tests'
/// app registers one that holds each answer to the HTTP contract). It throws to fail the test that made the request.
/// </summary>
public interface IAnswerCheck
{
    void Check(HttpRequest request, TestResponse response);
}
