using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace StudentCard.Central.Tests.Support;

/// <summary>
/// Call descriptors for a service of the contract, taken from the .proto's own descriptor: Central generates only its
/// server side, so the tests' clients name each call here, and a name or message type that the contract does not have
/// fails when the client is first used instead of sending a call Central cannot route.
/// </summary>
internal static class ContractMethods
{
    public static Method<TRequest, TResponse> Of<TRequest, TResponse>(ServiceDescriptor service, string name)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = service.FindMethodByName(name) ?? throw new ArgumentException($"{service.FullName} has no method {name}.", nameof(name));
        if (method.InputType.ClrType != typeof(TRequest) || method.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException($"{service.FullName}.{name} takes {method.InputType.Name} and returns {method.OutputType.Name}.", nameof(name));
        }
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        return new Method<TRequest, TResponse>(type, service.FullName, method.Name, MarshallerOf<TRequest>(), MarshallerOf<TResponse>());
    }

    private static Marshaller<T> MarshallerOf<T>()
        where T : class, IMessage<T>, new()
    {
        var parser = new MessageParser<T>(() => new T());
        return Marshallers.Create(message => message.ToByteArray(), parser.ParseFrom);
    }
}
