using StudentCard.Central.ReaderApi;
using StudentCard.Core.Rules;
using Proto = StudentCard.Protos.V1;

namespace StudentCard.Central.Tests.ReaderApi;

public sealed class ProtoMappingTests
{
    [Fact]
    public void Every_reason_has_a_wire_value_of_the_same_name()
    {
        foreach (var reason in Enum.GetValues<ReasonCode>())
        {
            var wire = reason.ToProto();
            Assert.True(Enum.IsDefined(wire), $"{reason} has no wire value");
            // No reason is the wire's zero, UNSPECIFIED like every enum's zero; the others carry the same name.
            Assert.Equal(reason == ReasonCode.None ? nameof(Proto.ReasonCode.Unspecified) : reason.ToString(), wire.ToString());
        }
        Assert.Equal(Enum.GetValues<ReasonCode>().Length, Enum.GetValues<Proto.ReasonCode>().Length);
    }
}
