import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { DeclareConflictDto, ReviewService, SubmitReviewDto } from '@mosaic/applications';
import { AuthContext, Role } from '@mosaic/identity';
import { Auth, Roles } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';

@ApiTags('reviews')
@Controller('api/reviews')
export class ReviewsController {
  constructor(private readonly reviews: ReviewService) {}

  @Get()
  @Roles(Role.Reviewer)
  mine(@Auth() auth: AuthContext) {
    return this.reviews.mine(auth);
  }

  @Get(':id')
  @Roles(Role.Reviewer)
  @ApiForbiddenResponse({ description: 'CONFLICT_DECLARATION_REQUIRED until you declare; CONFLICT_DECLARED if you declared one' })
  open(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.reviews.open(auth, id);
  }

  @Post(':id/declaration')
  @Roles(Role.Reviewer)
  @HttpCode(200)
  declare(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: DeclareConflictDto) {
    return this.reviews.declare(auth, id, dto);
  }

  @Post(':id/scores')
  @Roles(Role.Reviewer)
  @HttpCode(200)
  score(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: SubmitReviewDto) {
    return this.reviews.submit(auth, id, dto);
  }
}
