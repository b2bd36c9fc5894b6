using Grpc.Core;
using StudentCard.Central.Tests.Support;
using StudentCard.Protos.V1;
using CoreType = StudentCard.Core.ReaderType;

namespace StudentCard.Central.Tests.DeskApi;

/// <summary>A desk is not a purpose reader and a purpose reader is not a desk: neither reaches the other's service.</summary>
public sealed class DeskScopeTests : IAsyncLifetime
{
    private DeskFixture _desk = null!;

    public async Task InitializeAsync()
    {
        _desk = await DeskFixture.StartAsync();
        var pupil = Core.Synthetic.SyntheticRoster.Generate(1, seed: 505)[0];
        await _desk.Central.Services.EnrollAsync([pupil], Roster.Valid(CoreType.Gate));
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task A_desk_gets_no_allow_list_no_hello_and_no_online_check()
    {
        // The desk's credentials presented as a reader's, and presented as they are: ReaderLink refuses both.
        var asReader = _desk.Central.Client(DeskFixture.DeskId, _desk.DeskSecret);
        var reader = _desk.Central.Client(null, null);
        var deskHeaders = new Metadata { { "x-desk-id", DeskFixture.DeskId }, { "x-desk-secret", _desk.DeskSecret } };

        var hello = await Assert.ThrowsAsync<RpcException>(() => asReader.HelloAsync(new HelloRequest()).ResponseAsync);
        var list = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = asReader.GetAllowList(new AllowListRequest());
            await call.ResponseStream.MoveNext();
        });
        var listWithDeskHeaders = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = reader.GetAllowList(new AllowListRequest(), deskHeaders);
            await call.ResponseStream.MoveNext();
        });
        var check = await Assert.ThrowsAsync<RpcException>(() => reader.CheckCardAsync(new CheckCardRequest { Pseudonym = new string('a', 32) }, deskHeaders).ResponseAsync);

        Assert.All([hello, list, listWithDeskHeaders, check], e => Assert.Equal(StatusCode.Unauthenticated, e.StatusCode));
    }

    [Fact]
    public async Task A_purpose_reader_cannot_open_or_submit_at_the_desk_service()
    {
        var (readerId, readerSecret) = await _desk.Central.RegisterAsync("gate-1", CoreType.Gate);
        var withReaderHeaders = _desk.Client(("x-reader-id", readerId), ("x-reader-secret", readerSecret));
        var asDesk = _desk.Client(("x-desk-id", readerId), ("x-desk-secret", readerSecret));
        var before = await _desk.StoresAsync();

        var open = await Assert.ThrowsAsync<RpcException>(() => withReaderHeaders.OpenEnrollmentAsync(new OpenEnrollmentRequest { StudentNumber = "S-0001", Kind = EnrollmentKind.FirstCard }).ResponseAsync);
        var submit = await Assert.ThrowsAsync<RpcException>(() => asDesk.SubmitCardAsync(new SubmitCardRequest { CardToken = Roster.RandomToken().Value }).ResponseAsync);

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), (open.StatusCode, submit.StatusCode));
        Assert.Equal(before, await _desk.StoresAsync());
    }

    [Fact]
    public async Task A_desk_still_works_beside_readers_after_both_kinds_are_registered()
    {
        // Both interceptors are scoped to their own service: a reader's Hello and a desk's call succeed side by side.
        var (readerId, readerSecret) = await _desk.Central.RegisterAsync("bus-1", CoreType.Bus);

        var hello = await _desk.Central.Client(readerId, readerSecret).HelloAsync(new HelloRequest());
        var cancel = await _desk.Desk().CancelEnrollmentAsync(new CancelEnrollmentRequest());

        Assert.Equal(Protos.V1.ReaderType.Bus, hello.ReaderType);
        Assert.False(cancel.Cancelled);
    }
}
