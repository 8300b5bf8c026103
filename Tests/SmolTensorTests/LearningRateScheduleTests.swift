import SmolTensor
import Testing

@Suite struct LearningRateScheduleTests {
    @Test func linearWarmupThenDecay() {
        let s = LearningRateSchedule.linear(warmupSteps: 10, totalSteps: 110)
        #expect(s.rate(at: 0, base: 1) == 0)
        #expect(s.rate(at: 5, base: 1) == 0.5)
        #expect(s.rate(at: 10, base: 1) == 1)
        #expect(s.rate(at: 60, base: 1) == 0.5)
        #expect(s.rate(at: 110, base: 1) == 0)
        #expect(s.rate(at: 200, base: 1) == 0)
    }

    @Test func cosineReachesTheFloor() {
        let s = LearningRateSchedule.cosine(warmupSteps: 0, totalSteps: 100, minimumRatio: 0.1)
        #expect(s.rate(at: 0, base: 2) == 2)
        #expect(abs(s.rate(at: 50, base: 2) - 1.1) < 1e-12)
        #expect(abs(s.rate(at: 100, base: 2) - 0.2) < 1e-12)
        #expect(LearningRateSchedule.constant.rate(at: 7, base: 3) == 3)
    }
}
