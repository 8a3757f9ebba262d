using System.Collections.Immutable;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Tests.Http;

/// <summary>
/// A function invocation context as the worker builds one, reduced to what middleware reads: the function's
/// name, the invocation id, and (for HTTP triggers) the ASP.NET Core HttpContext under the key the
/// ASP.NET Core integration uses.
/// </summary>
internal sealed class TestFunctionContext : FunctionContext
{
    private const string HttpContextKey = "HttpRequestContext";

    public TestFunctionContext(string functionName, IServiceProvider services, HttpContext? httpContext = null)
    {
        FunctionDefinition = new Definition(functionName);
        InstanceServices = services;
        if (httpContext is not null)
        {
            Items[HttpContextKey] = httpContext;
        }
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext => throw new NotSupportedException();

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException();

    private sealed class Definition(string name) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => Assembly.GetExecutingAssembly().Location;

        public override string EntryPoint => name;

        public override string Id => name;

        public override string Name => name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
