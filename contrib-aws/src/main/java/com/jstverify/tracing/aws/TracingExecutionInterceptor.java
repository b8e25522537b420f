package com.jstverify.tracing.aws;

import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.log.Fields;
import io.opentracing.tag.Tags;
import io.opentracing.util.GlobalTracer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

/**
 * Traces every call of an AWS SDK for Java v2 client as a client span named {@code
 * <Service>.<Operation>} (for example {@code DynamoDB.GetItem}), a child of the active span.
 *
 * <pre>{@code
 * DynamoDbClient dynamo = DynamoDbClient.builder()
 *     .overrideConfiguration(c -> c.addExecutionInterceptor(new TracingExecutionInterceptor(tracer)))
 *     .build();
 * }</pre>
 *
 * <p>Tags: {@code span.kind=client}, {@code component=java-aws-sdk}, {@code aws.service}, {@code
 * aws.operation}, {@code aws.region}, {@code aws.table_name} (DynamoDB requests with a {@code
 * TableName}), {@code aws.request_id}, {@code http.status_code}, {@code peer.service} (the service
 * name, for example {@code DynamoDB}; see RATIONALE.md). A failed call gets {@code error=true},
 * {@code aws.error_code} when AWS sent one, and an error log; the SDK's exception reaches the
 * application unchanged.
 *
 * <p>No trace headers are added to AWS requests: they are signed (SigV4) and AWS ignores them.
 * Tracing never throws into the application: a failing tracer only costs the span.
 */
public final class TracingExecutionInterceptor implements ExecutionInterceptor {
  private static final Logger LOG = Logger.getLogger(TracingExecutionInterceptor.class.getName());
  static final String COMPONENT = "java-aws-sdk";
  private static final String DYNAMODB = "DynamoDB";

  // One ExecutionAttribute per name in the whole JVM: the SDK rejects duplicate names.
  private static final ExecutionAttribute<CallSpan> CALL_SPAN =
      new ExecutionAttribute<>(TracingExecutionInterceptor.class.getName() + ".span");

  private final Tracer tracer;

  /**
   * Traces with {@link GlobalTracer}, looked up at each call. This public no-argument constructor
   * also lets the SDK load the interceptor from an {@code execution.interceptors} file.
   */
  public TracingExecutionInterceptor() {
    this(GlobalTracer.get());
  }

  /** Traces with {@code tracer}. */
  public TracingExecutionInterceptor(Tracer tracer) {
    if (tracer == null) throw new NullPointerException("tracer == null");
    this.tracer = tracer;
  }

  /** A span and whether it was finished: an SDK call may end in more than one callback. */
  private static final class CallSpan {
    final Span span;
    final TracingExecutionInterceptor owner;
    // The span of another of our interceptors on the same call (one from an execution.interceptors
    // file and one added in code): CALL_SPAN is one attribute for all of them, so each keeps the
    // spans before its own and finishes only its own; replacing them would leave them unfinished.
    final CallSpan previous;
    boolean finished;
    // The current attempt's response, null until it arrives. Not the failure context's
    // httpResponse(): after retries that one can still hold an earlier attempt's response (a 500
    // and its request id) when the last attempt got none (a connection reset).
    volatile SdkHttpResponse attemptResponse;

    CallSpan(Span span, TracingExecutionInterceptor owner, CallSpan previous) {
      this.span = span;
      this.owner = owner;
      this.previous = previous;
    }
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    try {
      String service = serviceId(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
      String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      // Not activated: with the async client the call ends on another thread, where a scope
      // opened here could not be closed.
      Tracer.SpanBuilder builder =
          tracer
              .buildSpan(service + "." + operation)
              .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT)
              .withTag(Tags.COMPONENT, COMPONENT);
      if (service != null) {
        builder.withTag("aws.service", service).withTag(Tags.PEER_SERVICE, service);
      }
      if (operation != null) builder.withTag("aws.operation", operation);
      Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
      if (region != null) builder.withTag("aws.region", region.id());
      if (DYNAMODB.equals(service)) {
        String table = tableName(context.request());
        if (table != null) builder.withTag("aws.table_name", table);
      }
      CallSpan previous = attributes.getAttribute(CALL_SPAN);
      attributes.putAttribute(CALL_SPAN, new CallSpan(builder.start(), this, previous));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not start an AWS SDK span", e);
    }
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    CallSpan call = unfinished(attributes);
    if (call != null) call.attemptResponse = null; // a new attempt: no response yet
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    CallSpan call = unfinished(attributes);
    if (call == null) return;
    try {
      call.attemptResponse = context.httpResponse();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not read an AWS SDK response", e);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    CallSpan call = unfinished(attributes);
    if (call == null) return;
    try {
      SdkHttpResponse http = context.httpResponse();
      Tags.HTTP_STATUS.set(call.span, http.statusCode());
      tagRequestId(call.span, context.response(), http, null);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not tag an AWS SDK span", e);
    }
    finish(call);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    CallSpan call = unfinished(attributes);
    if (call == null) return;
    try {
      Throwable error = context.exception();
      SdkHttpResponse http = call.attemptResponse;
      if (http != null) {
        Tags.HTTP_STATUS.set(call.span, http.statusCode());
      } else if (error instanceof SdkServiceException) {
        int status = ((SdkServiceException) error).statusCode();
        if (status > 0) Tags.HTTP_STATUS.set(call.span, status);
      }
      String requestId = null;
      if (error instanceof AwsServiceException) {
        AwsServiceException aws = (AwsServiceException) error;
        requestId = aws.requestId();
        AwsErrorDetails details = aws.awsErrorDetails();
        if (details != null && details.errorCode() != null) {
          call.span.setTag("aws.error_code", details.errorCode());
        }
      }
      tagRequestId(call.span, context.response().orElse(null), http, requestId);
      Tags.ERROR.set(call.span, true);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put(Fields.EVENT, Tags.ERROR.getKey());
      if (error != null) {
        fields.put(Fields.ERROR_KIND, error.getClass().getName());
        fields.put(Fields.ERROR_OBJECT, error);
        if (error.getMessage() != null) fields.put(Fields.MESSAGE, error.getMessage());
      }
      call.span.log(fields);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not tag an AWS SDK span", e);
    }
    finish(call);
  }

  /** This interceptor's span of the call, or null when it has none or finished it already. */
  private CallSpan unfinished(ExecutionAttributes attributes) {
    try {
      for (CallSpan call = attributes.getAttribute(CALL_SPAN); call != null; call = call.previous) {
        if (call.owner == this && !call.finished) return call;
      }
      return null;
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not read the AWS SDK span", e);
      return null;
    }
  }

  private static void finish(CallSpan call) {
    call.finished = true;
    try {
      call.span.finish();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not finish an AWS SDK span", e);
    }
  }

  /**
   * The AWS service id ({@code DynamoDB}, {@code SQS}) for the SDK's client name ({@code DynamoDb},
   * {@code Sqs}): the interceptor only sees the latter, the names other tracers and AWS use are
   * the former. Unknown names are kept as the SDK spells them.
   */
  static String serviceId(String sdkServiceName) {
    if (sdkServiceName == null) return null;
    String id = SERVICE_IDS.get(sdkServiceName);
    return id != null ? id : sdkServiceName;
  }

  private static final Map<String, String> SERVICE_IDS =
      Map.ofEntries(
          Map.entry("DynamoDb", "DynamoDB"),
          Map.entry("DynamoDbStreams", "DynamoDB Streams"),
          Map.entry("Sqs", "SQS"),
          Map.entry("Sns", "SNS"),
          Map.entry("Ses", "SES"),
          Map.entry("SesV2", "SESv2"),
          Map.entry("Sts", "STS"),
          Map.entry("Ssm", "SSM"),
          Map.entry("Kms", "KMS"),
          Map.entry("Iam", "IAM"),
          Map.entry("Ec2", "EC2"),
          Map.entry("Ecs", "ECS"),
          Map.entry("Eks", "EKS"),
          Map.entry("Sfn", "SFN"));

  /** {@code TableName} of a DynamoDB request, read by field name so no DynamoDB classes are needed. */
  static String tableName(SdkRequest request) {
    if (request == null) return null;
    Optional<String> table = request.getValueForField("TableName", String.class);
    return table.orElse(null);
  }

  private static void tagRequestId(
      Span span, SdkResponse response, SdkHttpResponse http, String fromException) {
    String requestId = fromException;
    if (requestId == null && response instanceof AwsResponse) {
      AwsResponse aws = (AwsResponse) response;
      if (aws.responseMetadata() != null) requestId = aws.responseMetadata().requestId();
      if ("UNKNOWN".equals(requestId)) requestId = null; // the SDK's placeholder
    }
    if (requestId == null && http != null) {
      requestId =
          http.firstMatchingHeader("x-amzn-RequestId")
              .orElse(http.firstMatchingHeader("x-amz-request-id").orElse(null));
    }
    if (requestId != null && !requestId.isEmpty()) span.setTag("aws.request_id", requestId);
  }
}
