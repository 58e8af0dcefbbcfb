package io.docpipe.local.stack;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Received SQS messages as the {@link SQSEvent} Lambda's event source mapping would deliver. */
final class SqsEvents {
  private SqsEvents() {}

  static SQSEvent toEvent(List<Message> messages, String queueArn) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>(messages.size());
    for (Message m : messages) {
      SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
      r.setMessageId(m.messageId());
      r.setReceiptHandle(m.receiptHandle());
      r.setBody(m.body());
      r.setMd5OfBody(m.md5OfBody());
      r.setEventSource("aws:sqs");
      r.setEventSourceArn(queueArn);
      r.setAwsRegion("us-east-1");
      Map<String, String> attributes = new HashMap<>();
      m.attributesAsStrings().forEach(attributes::put);
      r.setAttributes(attributes);
      Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
      m.messageAttributes().forEach((k, v) -> messageAttributes.put(k, attribute(v)));
      r.setMessageAttributes(messageAttributes);
      records.add(r);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  private static SQSEvent.MessageAttribute attribute(MessageAttributeValue v) {
    SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
    a.setDataType(v.dataType());
    a.setStringValue(v.stringValue());
    return a;
  }
}
